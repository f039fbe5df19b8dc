//! Groundwork of `cargo xtask conformance` (issue #16): Stoplight Prism, pinned, installed
//! under `target/prism/` once, started on a free loopback port and stopped whatever happens.
//! `--prism-install` proves the loop on one spec: one request built from the spec's values,
//! and Prism's `sl-violations` header read back.

use crate::TaskError;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The Prism release every run uses, so that results are reproducible.
pub const PRISM: &str = "@stoplight/prism-cli@5.16.0";

fn prism_dir() -> PathBuf {
    crate::root().join("target/prism")
}

/// The `prism` executable, installed with npm on first use.
pub fn install() -> Result<PathBuf, TaskError> {
    let dir = prism_dir();
    let bin = dir.join("node_modules/.bin/prism");
    if bin.exists() {
        return Ok(bin);
    }
    std::fs::create_dir_all(&dir).map_err(|e| TaskError(format!("cannot create {}: {e}", dir.display())))?;
    let status = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--prefix"])
        .arg(&dir)
        .arg(PRISM)
        .status()
        .map_err(|e| TaskError(format!("cannot run npm (Node is needed for Prism): {e}")))?;
    if !status.success() || !bin.exists() {
        return Err(TaskError(format!("npm install {PRISM} failed ({status})")));
    }
    Ok(bin)
}

/// A running Prism mock; killed when dropped, so that no failure leaves it behind.
pub struct Prism {
    child: Child,
    pub port: u16,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Prism {
    /// Starts `prism mock` on `spec` (static mode, or dynamic with `seed`) and waits until it
    /// answers HTTP.
    pub fn start(bin: &Path, spec: &Path, seed: Option<u64>) -> Result<Prism, TaskError> {
        let port = free_port()?;
        let mut command = Command::new(bin);
        command.arg("mock").arg(spec).args(["--port", &port.to_string(), "--host", "127.0.0.1", "--errors"]);
        if let Some(seed) = seed {
            command.args(["--dynamic", "--seed", &seed.to_string()]);
        }
        let child = command
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| TaskError(format!("cannot start {}: {e}", bin.display())))?;
        let prism = Prism { child, port };
        prism.wait_until_ready(Duration::from_secs(60))?;
        Ok(prism)
    }

    fn wait_until_ready(&self, limit: Duration) -> Result<(), TaskError> {
        let start = Instant::now();
        while start.elapsed() < limit {
            if get(self.port, "/", &[]).is_ok() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Err(TaskError(format!("Prism did not answer on port {} within {limit:?}", self.port)))
    }
}

/// A loopback port nobody listens on now (the listener is closed before Prism binds it).
fn free_port() -> Result<u16, TaskError> {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| TaskError(format!("no free loopback port: {e}")))
}

/// The status line and headers of a response, lower-cased names.
pub struct Head {
    pub status: u16,
    pub headers: Vec<(String, String)>,
}

impl Head {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// One HTTP/1.1 GET with `Connection: close`: enough to probe Prism without pulling an HTTP
/// client into xtask; the conformance calls themselves go through the generated clients.
fn get(port: u16, target: &str, headers: &[(String, String)]) -> std::io::Result<Head> {
    let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, port))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let extra: String = headers.iter().map(|(n, v)| format!("{n}: {v}\r\n")).collect();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: */*\r\n{extra}Connection: close\r\n\r\n"
    )?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    let text = String::from_utf8_lossy(&response);
    let head = text.split("\r\n\r\n").next().unwrap_or("");
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other("not an HTTP response"))?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Ok(Head { status, headers })
}

/// `cargo xtask conformance --prism-install [--spec SPEC]`: installs Prism, mocks the spec,
/// sends its first GET operation with the built arguments, then without its query and
/// header parameters (so that Prism has a violation to report), and prints both answers.
pub fn probe(spec: &Path) -> Result<(), TaskError> {
    let bin = install()?;
    let text = std::fs::read_to_string(spec).map_err(|e| TaskError(format!("{}: {e}", spec.display())))?;
    let doc = generator::load::load_document(&text, &[], true).map_err(|e| TaskError(e.to_string()))?;
    let api = generator::model::build(&doc).map_err(|e| TaskError(e.to_string()))?;
    let source = doc.source.as_ref().ok_or_else(|| TaskError("the document was loaded without its source".into()))?;
    let calls = generator::values::arguments(source, &api);
    let operations = api.groups.iter().flat_map(|g| &g.operations);
    let (op, args) = operations
        .zip(&calls)
        .filter(|(op, _)| op.method == generator::model::HttpMethod::Get)
        .find_map(|(op, call)| call.arguments.as_ref().ok().map(|a| (op, a)))
        .ok_or_else(|| TaskError(format!("{}: no GET operation with complete arguments", spec.display())))?;
    let mut path = op.path.clone();
    let mut query = Vec::new();
    let mut headers = Vec::new();
    for param in &args.params {
        let text = match &param.value {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        match param.location {
            generator::model::ParamLocation::Path => {
                path = path.replace(&format!("{{{}}}", param.wire), &encode(&text))
            }
            generator::model::ParamLocation::Query => query.push(format!("{}={}", encode(&param.wire), encode(&text))),
            generator::model::ParamLocation::Header => headers.push((param.wire.clone(), text)),
            generator::model::ParamLocation::Cookie => {
                headers.push(("Cookie".into(), format!("{}={text}", param.wire)))
            }
        }
    }
    let prism = Prism::start(&bin, spec, None)?;
    let full = if query.is_empty() { path.clone() } else { format!("{path}?{}", query.join("&")) };
    for (target, headers) in [(&full, &headers[..]), (&path, &[][..])] {
        let head = get(prism.port, target, headers).map_err(|e| TaskError(format!("GET {target}: {e}")))?;
        println!("GET {target}: {} sl-violations: {}", head.status, head.header("sl-violations").unwrap_or("(none)"));
    }
    Ok(())
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
