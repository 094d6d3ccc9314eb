//! Durability: a child process appends to the ledger in a loop and is killed with SIGKILL at
//! random moments, many times; afterwards the ledger verifies (chain intact, rules hold) and
//! every acknowledged append is there.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn acknowledged_appends_survive_sigkill() {
    let bin = env!("CARGO_BIN_EXE_opendoor");
    let dir = std::env::temp_dir().join(format!("opendoor-kill-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("ledger.sqlite");
    let mut max_acked = 0u64;
    let mut kills = 0;
    // A small deterministic generator for the kill delays (5..=120 ms after the first ack).
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..25 {
        let mut child = Command::new(bin)
            .args(["ledger-stress", "--db", db.to_str().unwrap()])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn the appender");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel::<u64>();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(n) = line.strip_prefix("acked ").and_then(|n| n.parse().ok()) {
                    if tx.send(n).is_err() {
                        break;
                    }
                }
            }
        });
        // Wait for the first acknowledgement (seeding may take a moment), then a random delay.
        let first = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("the appender acknowledges");
        max_acked = max_acked.max(first);
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let delay = Duration::from_millis(5 + x % 116);
        let t = Instant::now();
        while t.elapsed() < delay {
            if let Ok(n) = rx.recv_timeout(Duration::from_millis(1)) {
                max_acked = max_acked.max(n);
            }
        }
        child.kill().expect("SIGKILL"); // std's kill sends SIGKILL on Unix
        let _ = child.wait();
        kills += 1;
        // Acks already written to the pipe before the kill still count: they were acknowledged.
        reader.join().unwrap();
        while let Ok(n) = rx.try_recv() {
            max_acked = max_acked.max(n);
        }
    }
    assert_eq!(kills, 25);
    let out = Command::new(bin)
        .args(["verify", "--db", db.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "verify failed: {text}");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let entries = v["ledger"]["head"]["entries"].as_u64().unwrap();
    assert!(
        entries >= max_acked,
        "acknowledged up to {max_acked} but only {entries} entries survived"
    );
    assert!(
        max_acked > 400,
        "the test appended too little to mean anything ({max_acked})"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
