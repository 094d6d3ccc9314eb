//! Article 6 coverage (issue 6): under construction.
