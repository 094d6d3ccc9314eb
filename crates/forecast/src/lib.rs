//! Forecasts (issue 5): under construction.
