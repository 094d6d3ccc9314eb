//! The JSON API, in process: answers, and a table of bad inputs each answered 4xx in JSON.

use axum::body::{to_bytes, Body};
use axum::http::{Request, StatusCode};
use opendoor::serve::app_from_ledger;
use opendoor::server::router;
use std::sync::Arc;
use tower::ServiceExt;

fn app() -> axum::Router {
    let dir = std::env::temp_dir().join(format!(
        "opendoor-api-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("ledger.sqlite");
    let _ = std::fs::remove_file(&db);
    let (app, created) = app_from_ledger(&db).unwrap_or_else(|f| panic!("{}", f.message));
    assert!(created);
    router(Arc::new(app))
}

async fn call(
    app: &axum::Router,
    method: &str,
    uri: &str,
    body: Vec<u8>,
) -> (StatusCode, serde_json::Value, axum::http::HeaderMap) {
    let req = Request::builder()
        .method(method)
        .uri(uri)
        .body(Body::from(body))
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = to_bytes(res.into_body(), 10 << 20).await.unwrap();
    let v = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
    (status, v, headers)
}

#[tokio::test]
async fn queries_answer_like_the_cli() {
    let app = app();
    let (s, v, h) = call(&app, "GET", "/api/v1/members?on=2004-03-29", vec![]).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v.as_array().unwrap().len(), 26);
    assert_eq!(v[0]["code"], "BE");
    assert_eq!(h["x-content-type-options"], "nosniff");
    let (_, v, _) = call(&app, "GET", "/api/v1/members?on=1949-08-23", vec![]).await;
    assert_eq!(v.as_array().unwrap().len(), 0);
    let (s, v, _) = call(&app, "GET", "/api/v1/status/fi?on=2022-08-01", vec![]).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["status"], "acceding");
    let (_, v, _) = call(&app, "GET", "/api/v1/path/UA?on=2026-11-23", vec![]).await;
    assert_eq!(v["steps"].as_array().unwrap().len(), 8);
    let (_, v, _) = call(&app, "GET", "/api/v1/ratifications/SE", vec![]).await;
    assert_eq!(v["candidate"], "SE");
    assert_eq!(v["ratifications"].as_array().unwrap().len(), 31);
    let (s, v, _) = call(&app, "GET", "/api/v1/gaps", vec![]).await;
    assert_eq!(s, StatusCode::OK);
    let se = v["protocols"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["candidates"][0] == "SE")
        .unwrap();
    assert_eq!(se["allies"], 31);
    let (s, _, _) = call(&app, "GET", "/api/v1/gaps?x=1", vec![]).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (_, v, _) = call(&app, "GET", "/api/v1/invocations?article=5", vec![]).await;
    assert!(v.as_array().unwrap().iter().all(|i| i["article"] == 5));
    let (_, v, _) = call(
        &app,
        "GET",
        "/api/v1/timeline?country=SE&from=2022-01-01",
        vec![],
    )
    .await;
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["kind"] == "accession_deposited"));
    let (_, v, _) = call(&app, "GET", "/api/v1/rules", vec![]).await;
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["id"] == "art10.no_third_country_veto"));
    let (s, v, _) = call(&app, "GET", "/api/v1/openapi.json", vec![]).await;
    assert_eq!(s, StatusCode::OK);
    for p in [
        "/api/v1/members",
        "/api/v1/status/{code}",
        "/api/v1/scenario",
        "/api/v1/ratifications/{candidate}",
        "/api/v1/gaps",
    ] {
        assert!(v["paths"].get(p).is_some(), "openapi lacks {p}");
    }
}

#[tokio::test]
async fn scenario_endpoint_evaluates_without_touching_the_ledger() {
    let app = app();
    let text = std::fs::read("../../examples/third-country-veto.toml").unwrap();
    let (s, v, _) = call(&app, "POST", "/api/v1/scenario", text).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["ok"], false);
    assert_eq!(v["refused"], 1);
    // The hypothetical invitation is not in the record afterwards.
    let (_, v, _) = call(&app, "GET", "/api/v1/status/UA?on=2028-01-01", vec![]).await;
    assert_eq!(v["status"], "applicant");
    let text = std::fs::read("../../examples/early-withdrawal.toml").unwrap();
    let (_, v, _) = call(&app, "POST", "/api/v1/scenario?from_scratch=true", text).await;
    assert_eq!(v["from_scratch"], true);
    assert_eq!(v["events"][2]["violation"]["rule"], "art13.withdrawal");
}

#[tokio::test]
async fn bad_inputs_are_4xx_json_never_5xx() {
    let app = app();
    let big = vec![b'#'; 200 * 1024];
    let cases: Vec<(&str, String, Vec<u8>, u16)> = vec![
        ("GET", "/api/v1/members?on=2023-02-30".into(), vec![], 400),
        ("GET", "/api/v1/members?on=2023-2-3".into(), vec![], 400),
        ("GET", "/api/v1/members?on=99999-01-01".into(), vec![], 400),
        ("GET", "/api/v1/members?on=0000-00-00".into(), vec![], 400),
        ("GET", "/api/v1/members?on=%FF%FE".into(), vec![], 400),
        (
            "GET",
            "/api/v1/members?on=2020-01-01%00".into(),
            vec![],
            400,
        ),
        (
            "GET",
            "/api/v1/members?on=2020-01-01&on=2021-01-01".into(),
            vec![],
            400,
        ),
        ("GET", "/api/v1/members?x=1".into(), vec![], 400),
        (
            "GET",
            format!("/api/v1/members?on={}", "9".repeat(5000)),
            vec![],
            400,
        ),
        ("GET", "/api/v1/status/ZZ".into(), vec![], 404),
        ("GET", "/api/v1/status/%E2%98%83".into(), vec![], 404),
        ("GET", "/api/v1/status/%FF".into(), vec![], 400),
        ("GET", "/api/v1/status/UA?on=tomorrow".into(), vec![], 400),
        ("GET", "/api/v1/path/JP?on=1900-13-01".into(), vec![], 400),
        ("GET", "/api/v1/ratifications/UA".into(), vec![], 404),
        ("GET", "/api/v1/ratifications/A".into(), vec![], 404),
        ("GET", "/api/v1/invocations?article=6".into(), vec![], 400),
        ("GET", "/api/v1/timeline?from=yesterday".into(), vec![], 400),
        (
            "GET",
            "/api/v1/timeline?country=Atlantis".into(),
            vec![],
            404,
        ),
        ("GET", "/api/v1/nothing-here".into(), vec![], 404),
        ("DELETE", "/api/v1/members".into(), vec![], 405),
        (
            "POST",
            "/api/v1/scenario".into(),
            b"[[event]\nnot toml".to_vec(),
            400,
        ),
        (
            "POST",
            "/api/v1/scenario".into(),
            vec![0xff, 0xfe, 0x00],
            400,
        ),
        ("POST", "/api/v1/scenario".into(), b"".to_vec(), 400),
        (
            "POST",
            "/api/v1/scenario".into(),
            b"[[event]]\ndate=\"2027-01-01\"\nkind=\"coup\"\n".to_vec(),
            400,
        ),
        (
            "POST",
            "/api/v1/scenario".into(),
            b"[[event]]\ndate=\"2027-01-01\"\nkind=\"application\"\nstate=\"??\"\n".to_vec(),
            400,
        ),
        (
            "POST",
            "/api/v1/scenario?from_scratch=maybe".into(),
            b"".to_vec(),
            400,
        ),
        ("POST", "/api/v1/scenario".into(), big, 413),
        ("GET", "/api/v1/covered?lat=abc&lon=1".into(), vec![], 400),
        ("GET", "/api/v1/covered?lat=95&lon=1".into(), vec![], 400),
        ("GET", "/api/v1/covered?lat=NaN&lon=1".into(), vec![], 400),
        ("GET", "/api/v1/covered?lat=10".into(), vec![], 400),
        ("GET", "/api/v1/covered?place=Atlantis".into(), vec![], 404),
        (
            "GET",
            "/api/v1/covered?lat=1&lon=1&forces=perhaps".into(),
            vec![],
            400,
        ),
        ("GET", "/api/v1/coverage?on=1949-02-29".into(), vec![], 400),
        ("GET", "/api/v1/forecast/US".into(), vec![], 422),
        ("GET", "/api/v1/forecast/JP".into(), vec![], 422),
        ("GET", "/api/v1/forecast/ZZ".into(), vec![], 404),
        ("GET", "/api/v1/forecast/UA?trials=0".into(), vec![], 400),
        (
            "GET",
            "/api/v1/forecast/UA?trials=99999999999".into(),
            vec![],
            400,
        ),
        ("GET", "/api/v1/forecast/UA?trials=-1".into(), vec![], 400),
        (
            "GET",
            "/api/v1/forecast/UA?from=2026-02-30".into(),
            vec![],
            400,
        ),
    ];
    for (method, uri, body, expect) in cases {
        let (s, v, _) = call(&app, method, &uri, body).await;
        assert_eq!(
            s.as_u16(),
            expect,
            "{method} {}: {v}",
            &uri[..uri.len().min(80)]
        );
        assert!(
            v["error"]["code"].is_string() && v["error"]["message"].is_string(),
            "{method} {uri}: not a JSON error: {v}"
        );
    }
}

#[tokio::test]
async fn explorer_assets_are_served_with_security_headers() {
    let app = app();
    let req = Request::builder().uri("/").body(Body::empty()).unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("default-src 'self'"));
    for p in [
        "/app.js",
        "/style.css",
        "/vendor/d3-geo.min.js",
        "/vendor/countries-50m.json",
        "/vendor/licenses/world-atlas.LICENSE",
    ] {
        let res = app
            .clone()
            .oneshot(Request::builder().uri(p).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{p}");
    }
}

#[tokio::test]
async fn article6_answers() {
    let app = app();
    let (s, v, _) = call(
        &app,
        "GET",
        "/api/v1/covered?place=Hawaii&on=2024-01-01",
        vec![],
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["covered"], false);
    assert_eq!(v["sovereign"], "US");
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "clause",
            "covered",
            "reason",
            "since",
            "sovereign",
            "territory"
        ]
    );
    // Tallinn the day before and the day Estonia joined.
    let (_, v, _) = call(
        &app,
        "GET",
        "/api/v1/covered?lat=59.437&lon=24.745&on=2004-03-28",
        vec![],
    )
    .await;
    assert_eq!(v["covered"], false);
    let (_, v, _) = call(
        &app,
        "GET",
        "/api/v1/covered?lat=59.437&lon=24.745&on=2004-03-29",
        vec![],
    )
    .await;
    assert_eq!(v["covered"], true);
    assert_eq!(v["since"], "2004-03-29");
    // Mid-Atlantic: not territory, but forces there are covered.
    let (_, v, _) = call(&app, "GET", "/api/v1/covered?lat=40&lon=-40", vec![]).await;
    assert_eq!(v["covered"], false);
    let (_, v, _) = call(
        &app,
        "GET",
        "/api/v1/covered?lat=40&lon=-40&forces=true",
        vec![],
    )
    .await;
    assert_eq!(v["covered"], true);
    assert_eq!(v["clause"], "6(2)");
    let (_, v, _) = call(&app, "GET", "/api/v1/coverage?on=2024-03-07", vec![]).await;
    let covered: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["covered"] == true)
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert!(covered.contains(&"SE") && !covered.contains(&"UA"));
}

#[tokio::test]
async fn forecast_endpoint() {
    let app = app();
    let (s, v, _) = call(
        &app,
        "GET",
        "/api/v1/forecast/UA?from=2026-11-23&trials=50000&seed=7",
        vec![],
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let q = &v["quantiles"];
    let (p10, p50, p90) = (
        q["p10"].as_str().unwrap(),
        q["p50"].as_str().unwrap(),
        q["p90"].as_str().unwrap(),
    );
    assert!(p10 <= p50 && p50 <= p90 && p10 > "2026-11-23");
    let total: f64 = v["last_ally"]
        .as_object()
        .unwrap()
        .values()
        .map(|x| x.as_f64().unwrap())
        .sum();
    assert!((total - 1.0).abs() < 1e-9);
    // Same seed, same answer.
    let (_, again, _) = call(
        &app,
        "GET",
        "/api/v1/forecast/UA?from=2026-11-23&trials=50000&seed=7",
        vec![],
    )
    .await;
    assert_eq!(v, again);
    let req = Request::builder()
        .uri("/api/v1/forecast/UA/plot.svg?trials=20000")
        .body(Body::empty())
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/svg+xml");
}
