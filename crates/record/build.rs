//! Embeds every TOML file under `data/` into the crate, so the binary carries the record: the
//! TOML text (for error messages that name a line) and the same content as JSON, which the
//! loader parses several times faster. A file that is not valid TOML fails the build here.
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "toml") {
            out.push(p);
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let data = manifest
        .join("../../data")
        .canonicalize()
        .expect("data/ exists");
    println!("cargo:rerun-if-changed={}", data.display());
    for sub in ["accessions", "events"] {
        println!("cargo:rerun-if-changed={}", data.join(sub).display());
    }
    let mut files = Vec::new();
    collect(&data, &mut files);
    files.sort();
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it"));
    let mut src = String::from(
        "/// Every data file: (path under data/, TOML text, the same as JSON).\npub static FILES: &[(&str, &str, &str)] = &[\n",
    );
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f
            .strip_prefix(&data)
            .expect("under data/")
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(f).expect("read a data file");
        let value: toml::Value =
            toml::from_str(&text).unwrap_or_else(|e| panic!("data/{rel} is not valid TOML: {e}"));
        if let Some(path) = find_datetime(&value, String::new()) {
            panic!("data/{rel}: `{path}` is a TOML date-time; write dates as quoted strings (\"YYYY-MM-DD\")");
        }
        let json_name = format!("{}.json", rel.replace('/', "__"));
        std::fs::write(
            out_dir.join(&json_name),
            serde_json::to_string(&value).expect("TOML values are JSON values"),
        )
        .expect("write JSON");
        writeln!(
            src,
            "    ({rel:?}, include_str!({:?}), include_str!(concat!(env!(\"OUT_DIR\"), \"/{json_name}\"))),",
            f.display().to_string()
        )
        .expect("write to string");
    }
    src.push_str("];\n");
    std::fs::write(out_dir.join("embedded.rs"), src).expect("write embedded.rs");
}

/// The path of the first TOML date-time in `v`, if any (the record keeps dates as strings).
fn find_datetime(v: &toml::Value, here: String) -> Option<String> {
    match v {
        toml::Value::Datetime(_) => Some(here),
        toml::Value::Array(a) => a
            .iter()
            .enumerate()
            .find_map(|(i, x)| find_datetime(x, format!("{here}[{i}]"))),
        toml::Value::Table(t) => t
            .iter()
            .find_map(|(k, x)| find_datetime(x, format!("{here}.{k}"))),
        _ => None,
    }
}
