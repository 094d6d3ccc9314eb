//! `opendoor serve`: the JSON API under `/api/v1/` and the explorer at `/`, on the ledger.
//!
//! Every answer to bad input is a 4xx JSON error `{"error": {"code", "message"}}`: extractors
//! are wrapped so that axum's plain-text rejections never reach the client. Bodies are capped,
//! requests time out, security headers are set on every response, and Ctrl-C/SIGTERM shut the
//! server down gracefully.

use crate::ledger::Head;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use opendoor_core::{rules, Date, StateCode};
use opendoor_record::query::{self, TimelineFilter};
use opendoor_record::{raw, scenario, Record, Replay};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::OpenApi;

/// The largest scenario body accepted (bytes).
pub const MAX_BODY: usize = 64 * 1024;
/// The most events a scenario may hold.
pub const MAX_SCENARIO_EVENTS: usize = 5_000;

/// What the handlers share: the record as the ledger holds it, replayed once at start.
pub struct App {
    pub record: Record,
    pub replay: Replay,
    pub head: Head,
    pub today: Date,
    /// Article 6 geography, loaded once.
    pub coverage: opendoor_coverage::Coverage,
}

type Shared = State<Arc<App>>;

/// An API error: status, stable code, message for people.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }
    fn bad(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(json!({"error": {"code": self.code, "message": self.message}})),
        )
            .into_response()
    }
}

type ApiResult = Result<Response, ApiError>;

fn ok<T: serde::Serialize>(v: &T) -> ApiResult {
    Ok(Json(v).into_response())
}

/// Query-string extractor whose rejection is a JSON 400.
pub struct Q<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Q<T> {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let q = parts.uri.query().unwrap_or("");
        serde_urlencoded::from_str(q).map(Q).map_err(|e| {
            ApiError::bad(
                "bad_query",
                format!("the query string is not understood: {e}"),
            )
        })
    }
}

/// Path-parameter extractor whose rejection is a JSON 400.
pub struct P(pub String);

impl<S: Send + Sync> FromRequestParts<S> for P {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<String>::from_request_parts(parts, state)
            .await
            .map(|Path(s)| P(s))
            .map_err(|e| ApiError::bad("bad_path", format!("the path is not understood: {e}")))
    }
}

fn date_param(name: &str, v: Option<&str>, default: Date) -> Result<Date, ApiError> {
    match v {
        None | Some("") => Ok(default),
        Some(t) => {
            raw::parse_date(t).map_err(|m| ApiError::bad("bad_date", format!("{name}: {m}")))
        }
    }
}

fn state_param(app: &App, text: &str) -> Result<StateCode, ApiError> {
    app.record.gazetteer.lookup(text).map(|s| s.code).ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "unknown_state",
            format!(
                "unknown state `{}`: use an ISO 3166-1 alpha-2 code such as UA; /api/v1/states lists them",
                text.escape_debug()
            ),
        )
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OnQuery {
    on: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/members", params(("on" = Option<String>, Query, description = "YYYY-MM-DD, default today")),
    responses((status = 200, description = "Array of {code, name, member_since, cow}: the Parties for which the treaty was in force on that date"), (status = 400, description = "Malformed or impossible date")))]
async fn members(State(app): Shared, Q(q): Q<OnQuery>) -> ApiResult {
    let on = date_param("on", q.on.as_deref(), app.today)?;
    ok(&query::members(&app.record, &app.replay, on))
}

#[utoipa::path(get, path = "/api/v1/status/{code}", params(("code" = String, Path), ("on" = Option<String>, Query)),
    responses((status = 200, description = "{code, name, status, member_since, ...}"), (status = 404, description = "Unknown state")))]
async fn status(State(app): Shared, P(code): P, Q(q): Q<OnQuery>) -> ApiResult {
    let on = date_param("on", q.on.as_deref(), app.today)?;
    let code = state_param(&app, &code)?;
    ok(&query::status(&app.record, &app.replay, code, on))
}

#[utoipa::path(get, path = "/api/v1/path/{code}", params(("code" = String, Path), ("on" = Option<String>, Query)),
    responses((status = 200, description = "Steps taken and left, each with who decides and under which provision")))]
async fn path(State(app): Shared, P(code): P, Q(q): Q<OnQuery>) -> ApiResult {
    let on = date_param("on", q.on.as_deref(), app.today)?;
    let code = state_param(&app, &code)?;
    ok(&query::path(&app.record, &app.replay, code, on))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoQuery {}

#[utoipa::path(get, path = "/api/v1/ratifications/{candidate}", params(("candidate" = String, Path)),
    responses((status = 200, description = "{candidate, protocol_signed, ratifications: [{ally, parliament_approved, deposited, source}]}"), (status = 404, description = "No protocol for that state")))]
async fn ratifications(State(app): Shared, P(code): P, Q(_): Q<NoQuery>) -> ApiResult {
    let code = state_param(&app, &code)?;
    match query::ratifications(&app.record, code) {
        Some(t) => ok(&t),
        None => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "no_protocol",
            format!(
                "the record has no accession protocol for {}",
                app.record.gazetteer.name(code)
            ),
        )),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ArticleQuery {
    article: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/invocations", params(("article" = Option<String>, Query, description = "4 or 5")),
    responses((status = 200, description = "Array of {article, date, requested_by, summary, source}")))]
async fn invocations(State(app): Shared, Q(q): Q<ArticleQuery>) -> ApiResult {
    let article = match q.article.as_deref() {
        None | Some("") => None,
        Some("4") => Some(4),
        Some("5") => Some(5),
        Some(other) => {
            return Err(ApiError::bad(
                "bad_article",
                format!("article must be 4 or 5, not `{}`", other.escape_debug()),
            ))
        }
    };
    ok(&query::invocations(&app.record, article))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TimelineQuery {
    from: Option<String>,
    to: Option<String>,
    country: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/timeline", params(("from" = Option<String>, Query), ("to" = Option<String>, Query), ("country" = Option<String>, Query)),
    responses((status = 200, description = "The record in date order with outcomes and sources")))]
async fn timeline(State(app): Shared, Q(q): Q<TimelineQuery>) -> ApiResult {
    let opt_date = |n: &str, v: &Option<String>| -> Result<Option<Date>, ApiError> {
        match v.as_deref() {
            None | Some("") => Ok(None),
            Some(t) => raw::parse_date(t)
                .map(Some)
                .map_err(|m| ApiError::bad("bad_date", format!("{n}: {m}"))),
        }
    };
    let filter = TimelineFilter {
        from: opt_date("from", &q.from)?,
        to: opt_date("to", &q.to)?,
        country: match q.country.as_deref() {
            None | Some("") => None,
            Some(c) => Some(state_param(&app, c)?),
        },
    };
    ok(&query::timeline(&app.record.facts, &app.replay, &filter))
}

#[utoipa::path(get, path = "/api/v1/rules", responses((status = 200, description = "Array of {id, article, summary}")))]
async fn rules_list(State(app): Shared, Q(_): Q<NoQuery>) -> ApiResult {
    ok(&rules::entries(&app.record.treaty))
}

#[utoipa::path(get, path = "/api/v1/states", responses((status = 200, description = "Known states: code, cow, name, european, contested")))]
async fn states(State(app): Shared, Q(_): Q<NoQuery>) -> ApiResult {
    let v: Vec<_> = app.record.gazetteer.iter().collect();
    ok(&v)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioQuery {
    from_scratch: Option<bool>,
}

#[utoipa::path(post, path = "/api/v1/scenario", params(("from_scratch" = Option<bool>, Query)),
    request_body(content = String, content_type = "application/toml", description = "A scenario: [[event]] entries (see README)"),
    responses((status = 200, description = "The evaluation: each event allowed or refused (rule, article, explanation), and the resulting state"),
              (status = 400, description = "Unreadable scenario"), (status = 413, description = "Body too large")))]
async fn scenario_eval(
    State(app): Shared,
    Q(q): Q<ScenarioQuery>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult {
    let body = body.map_err(|e| {
        let status = e.status();
        let code = if status == StatusCode::PAYLOAD_TOO_LARGE {
            "too_large"
        } else {
            "bad_body"
        };
        ApiError::new(
            status,
            code,
            format!("{e} (at most {MAX_BODY} bytes of TOML)"),
        )
    })?;
    let text = std::str::from_utf8(&body)
        .map_err(|_| ApiError::bad("bad_body", "the body is not UTF-8 text"))?;
    let sc = scenario::parse("scenario", text)
        .map_err(|e| ApiError::bad("bad_scenario", e.to_string()))?;
    if sc.facts.len() > MAX_SCENARIO_EVENTS {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_many_events",
            format!("at most {MAX_SCENARIO_EVENTS} events per scenario"),
        ));
    }
    let (eval, _) = scenario::evaluate(&app.record, &sc, q.from_scratch.unwrap_or(false));
    ok(&eval)
}

#[utoipa::path(get, path = "/api/v1/protocols", responses((status = 200, description = "Accession protocols in the record: {candidates, protocol, signed}")))]
async fn protocols(State(app): Shared, Q(_): Q<NoQuery>) -> ApiResult {
    let v: Vec<Value> = app
        .record
        .accessions
        .iter()
        .map(|a| json!({"candidates": a.data.candidates, "protocol": a.data.protocol, "signed": a.data.signed.date}))
        .collect();
    ok(&v)
}

#[utoipa::path(get, path = "/api/v1/gaps", responses((status = 200, description = "How complete the record is: per protocol, the Allies whose parliamentary stage or deposit is not dated; the founders' deposits")))]
async fn gaps(State(app): Shared, Q(_): Q<NoQuery>) -> ApiResult {
    ok(&query::gaps(&app.record))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ForecastQuery {
    from: Option<String>,
    trials: Option<u64>,
    seed: Option<u64>,
}

/// The most trials one API request may ask for.
pub const MAX_API_TRIALS: u64 = 2_000_000;

async fn run_forecast(
    app: Arc<App>,
    code: String,
    q: ForecastQuery,
) -> Result<opendoor_forecast::Forecast, ApiError> {
    let from = date_param("from", q.from.as_deref(), app.today)?;
    let code = state_param(&app, &code)?;
    let trials = q.trials.unwrap_or(200_000);
    if trials == 0 || trials > MAX_API_TRIALS {
        return Err(ApiError::bad(
            "bad_trials",
            format!("trials must be between 1 and {MAX_API_TRIALS}"),
        ));
    }
    let opts = opendoor_forecast::Options {
        from: Some(from),
        trials,
        seed: q.seed.unwrap_or(1949),
        ..Default::default()
    };
    tokio::task::spawn_blocking(move || {
        opendoor_forecast::forecast(&app.record, &app.replay, code, &opts, &|_, _| {}).map_err(
            |e| {
                ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "cannot_forecast",
                    e.to_string(),
                )
            },
        )
    })
    .await
    .map_err(|_| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            "the forecast could not run",
        )
    })?
}

#[utoipa::path(get, path = "/api/v1/forecast/{candidate}", params(("candidate" = String, Path), ("from" = Option<String>, Query), ("trials" = Option<u64>, Query), ("seed" = Option<u64>, Query)),
    responses((status = 200, description = "{quantiles: {p10, p50, p90}, p_by: {DATE: p}, last_ally: {CODE: p}, ...}"), (status = 422, description = "No forecast possible (already a Party, not European...)")))]
async fn forecast(State(app): Shared, P(code): P, Q(q): Q<ForecastQuery>) -> ApiResult {
    let f = run_forecast(app, code, q).await?;
    ok(&f)
}

#[utoipa::path(get, path = "/api/v1/forecast/{candidate}/plot.svg", params(("candidate" = String, Path), ("from" = Option<String>, Query), ("trials" = Option<u64>, Query), ("seed" = Option<u64>, Query)),
    responses((status = 200, description = "SVG chart of the cumulative probability", content_type = "image/svg+xml")))]
async fn forecast_plot(State(app): Shared, P(code): P, Q(q): Q<ForecastQuery>) -> ApiResult {
    let f = run_forecast(app, code, q).await?;
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("image/svg+xml"),
        )],
        opendoor_forecast::svg(&f),
    )
        .into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CoveredQuery {
    lat: Option<f64>,
    lon: Option<f64>,
    place: Option<String>,
    on: Option<String>,
    forces: Option<bool>,
}

#[utoipa::path(get, path = "/api/v1/covered", params(("lat" = Option<f64>, Query), ("lon" = Option<f64>, Query), ("place" = Option<String>, Query), ("on" = Option<String>, Query), ("forces" = Option<bool>, Query)),
    responses((status = 200, description = "{covered, clause, territory, sovereign, since, reason}: Article 6 applied to that point on that date"), (status = 400, description = "Bad coordinates or date"), (status = 404, description = "Unknown place")))]
async fn covered(State(app): Shared, Q(q): Q<CoveredQuery>) -> ApiResult {
    let on = date_param("on", q.on.as_deref(), app.today)?;
    let (lat, lon) = match (&q.place, q.lat, q.lon) {
        (Some(name), _, _) => {
            let p = app.coverage.place(name).ok_or_else(|| {
                ApiError::new(
                    StatusCode::NOT_FOUND,
                    "unknown_place",
                    format!("unknown place `{}`", name.escape_debug()),
                )
            })?;
            (p.lat, p.lon)
        }
        (None, Some(lat), Some(lon)) => (lat, lon),
        _ => {
            return Err(ApiError::bad(
                "bad_query",
                "give lat and lon (decimal degrees), or place",
            ))
        }
    };
    let query = opendoor_coverage::Query {
        lat,
        lon,
        on,
        forces: q.forces.unwrap_or(false),
    };
    let answer = app
        .coverage
        .covered(&query, &crate::membership::RecordMembership(&app.replay))
        .map_err(|e| ApiError::bad("bad_coordinates", e.to_string()))?;
    ok(&answer)
}

#[utoipa::path(get, path = "/api/v1/coverage", params(("on" = Option<String>, Query)),
    responses((status = 200, description = "Every territory of the geography with whether Article 5 covers it on that date (for shading maps)")))]
async fn coverage_on(State(app): Shared, Q(q): Q<OnQuery>) -> ApiResult {
    let on = date_param("on", q.on.as_deref(), app.today)?;
    let v: Vec<Value> = app
        .coverage
        .coverage_on(on, &crate::membership::RecordMembership(&app.replay))
        .into_iter()
        .map(|t| json!({"id": t.id, "name": t.name, "sovereign": t.sovereign, "covered": t.covered, "since": t.since, "basis": t.basis.as_str()}))
        .collect();
    ok(&v)
}

#[utoipa::path(get, path = "/api/v1/health", responses((status = 200, description = "{ok, ledger: {entries, hash}}")))]
async fn health(State(app): Shared) -> ApiResult {
    ok(&json!({"ok": true, "ledger": app.head, "facts": app.record.facts.len()}))
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "opendoor API",
        description = "The North Atlantic Treaty's open-door machinery and its verified record. Errors: {\"error\": {\"code\", \"message\"}}."
    ),
    paths(
        members,
        status,
        path,
        ratifications,
        invocations,
        timeline,
        rules_list,
        states,
        protocols,
        gaps,
        scenario_eval,
        health
    )
)]
pub struct ApiDoc;

async fn openapi() -> Response {
    Json(ApiDoc::openapi()).into_response()
}

async fn api_not_found(uri: Uri) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        format!("no such endpoint: {}; see /api/v1/openapi.json", uri.path()),
    )
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this endpoint does not take that method; see /api/v1/openapi.json",
    )
}

/// The explorer's files, embedded.
static ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "index.html",
        "text/html; charset=utf-8",
        include_bytes!("../../../web/index.html"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../../web/app.js"),
    ),
    (
        "style.css",
        "text/css; charset=utf-8",
        include_bytes!("../../../web/style.css"),
    ),
    (
        "vendor/d3-array.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../../web/vendor/d3-array.min.js"),
    ),
    (
        "vendor/d3-geo.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../../web/vendor/d3-geo.min.js"),
    ),
    (
        "vendor/topojson-client.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../../web/vendor/topojson-client.min.js"),
    ),
    (
        "vendor/countries-50m.json",
        "application/json",
        include_bytes!("../../../web/vendor/countries-50m.json"),
    ),
    (
        "vendor/README.md",
        "text/plain; charset=utf-8",
        include_bytes!("../../../web/vendor/README.md"),
    ),
    (
        "vendor/borders.json",
        "application/json",
        include_bytes!("../../../vendor/country-coder/borders.json"),
    ),
    (
        "vendor/licenses/country-coder.LICENSE",
        "text/plain; charset=utf-8",
        include_bytes!("../../../vendor/country-coder/LICENSE.md"),
    ),
    (
        "vendor/licenses/d3-array.LICENSE",
        "text/plain; charset=utf-8",
        include_bytes!("../../../web/vendor/licenses/d3-array.LICENSE"),
    ),
    (
        "vendor/licenses/d3-geo.LICENSE",
        "text/plain; charset=utf-8",
        include_bytes!("../../../web/vendor/licenses/d3-geo.LICENSE"),
    ),
    (
        "vendor/licenses/topojson-client.LICENSE",
        "text/plain; charset=utf-8",
        include_bytes!("../../../web/vendor/licenses/topojson-client.LICENSE"),
    ),
    (
        "vendor/licenses/world-atlas.LICENSE",
        "text/plain; charset=utf-8",
        include_bytes!("../../../web/vendor/licenses/world-atlas.LICENSE"),
    ),
];

async fn asset(uri: Uri) -> Response {
    let p = uri.path().trim_start_matches('/');
    let p = if p.is_empty() { "index.html" } else { p };
    match ASSETS.iter().find(|(name, _, _)| *name == p) {
        Some((_, mime, bytes)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(mime)),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            ],
            *bytes,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

/// The whole application, ready to serve.
pub fn router(app: Arc<App>) -> Router {
    let api = Router::new()
        .route("/members", get(members))
        .route("/status/{code}", get(status))
        .route("/path/{code}", get(path))
        .route("/ratifications/{candidate}", get(ratifications))
        .route("/invocations", get(invocations))
        .route("/timeline", get(timeline))
        .route("/rules", get(rules_list))
        .route("/states", get(states))
        .route("/scenario", post(scenario_eval))
        .route("/protocols", get(protocols))
        .route("/gaps", get(gaps))
        .route("/covered", get(covered))
        .route("/forecast/{candidate}", get(forecast))
        .route("/forecast/{candidate}/plot.svg", get(forecast_plot))
        .route("/coverage", get(coverage_on))
        .route("/health", get(health))
        .route("/openapi.json", get(openapi))
        .fallback(api_not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(app);
    let hdr = |name: &'static str, value: &'static str| {
        SetResponseHeaderLayer::overriding(
            header::HeaderName::from_static(name),
            HeaderValue::from_static(value),
        )
    };
    Router::new()
        .nest("/api/v1", api)
        .fallback(asset)
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(10),
        ))
        .layer(tower_http::catch_panic::CatchPanicLayer::new())
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .layer(hdr("x-content-type-options", "nosniff"))
        .layer(hdr("x-frame-options", "DENY"))
        .layer(hdr("referrer-policy", "no-referrer"))
        .layer(hdr(
            "content-security-policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
        ))
}

/// Waits for Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}
