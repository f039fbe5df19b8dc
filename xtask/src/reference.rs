//! The FastAPI reference server: a virtualenv under `target/`, pinned requirements, a process
//! on a free loopback port that is stopped whatever happens.

use crate::{TaskError, root};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const REQUIREMENTS: &str = "reference-server/requirements.txt";

/// A running server; dropping it stops the process.
pub struct Server {
    child: Child,
    pub url: String,
    log: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Creates the virtualenv if needed, installs the pinned requirements when they changed, and
/// starts the server.
pub fn start() -> Result<Server, TaskError> {
    let python = venv()?;
    let port = free_port()?;
    let log = root().join("target/reference-server.log");
    let log_file = std::fs::File::create(&log).map_err(|e| TaskError(format!("{}: {e}", log.display())))?;
    let child = Command::new(&python)
        .args(["-m", "uvicorn", "app:app", "--host", "127.0.0.1", "--port", &port.to_string()])
        .args(["--app-dir", &root().join("reference-server").display().to_string()])
        .stdin(Stdio::null())
        .stdout(log_file.try_clone().map_err(|e| TaskError(e.to_string()))?)
        .stderr(log_file)
        .spawn()
        .map_err(|e| TaskError(format!("cannot start the reference server: {e}")))?;
    let mut server = Server { child, url: format!("http://127.0.0.1:{port}"), log };
    wait_ready(&mut server, port)?;
    Ok(server)
}

fn python3() -> Result<String, TaskError> {
    for candidate in ["python3", "python"] {
        let ok = Command::new(candidate)
            .args(["-c", "import sys, venv; sys.exit(0 if sys.version_info >= (3, 9) else 1)"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            return Ok(candidate.to_owned());
        }
    }
    Err(TaskError(
        "the end-to-end tests need Python 3.9 or newer with the venv module and pip, to run the FastAPI \
         reference server: install them (Debian/Ubuntu: `apt-get install python3 python3-venv python3-pip`)"
            .into(),
    ))
}

/// `target/reference-venv`, with the requirements installed; returns its python.
fn venv() -> Result<PathBuf, TaskError> {
    let dir = root().join("target/reference-venv");
    let python = dir.join("bin/python");
    if !python.exists() {
        run(Command::new(python3()?).args(["-m", "venv"]).arg(&dir), "create the virtualenv")?;
    }
    let requirements =
        std::fs::read_to_string(root().join(REQUIREMENTS)).map_err(|e| TaskError(format!("{REQUIREMENTS}: {e}")))?;
    let stamp = dir.join("installed-requirements.txt");
    if std::fs::read_to_string(&stamp).ok().as_deref() != Some(requirements.as_str()) {
        println!("installing the reference server's pinned requirements into {}", dir.display());
        run(
            Command::new(&python)
                .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r"])
                .arg(root().join(REQUIREMENTS)),
            "install the reference server's requirements (pip needs to reach PyPI)",
        )?;
        std::fs::write(&stamp, requirements).map_err(|e| TaskError(e.to_string()))?;
    }
    Ok(python)
}

fn run(command: &mut Command, what: &str) -> Result<(), TaskError> {
    let status = command.status().map_err(|e| TaskError(format!("cannot {what}: {e}")))?;
    if status.success() { Ok(()) } else { Err(TaskError(format!("could not {what} ({status})"))) }
}

fn free_port() -> Result<u16, TaskError> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| TaskError(format!("no free loopback port: {e}")))?;
    Ok(listener.local_addr().map_err(|e| TaskError(e.to_string()))?.port())
}

/// Waits until `GET /openapi.json` answers 200, or fails with the server's log.
fn wait_ready(server: &mut Server, port: u16) -> Result<(), TaskError> {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        if let Ok(Some(status)) = server.child.try_wait() {
            return Err(TaskError(format!("the reference server exited ({status}):\n{}", tail(&server.log))));
        }
        if answers(port) {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(TaskError(format!("the reference server did not answer within 60 s:\n{}", tail(&server.log))))
}

fn answers(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else { return false };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = format!("GET /openapi.json HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).is_ok() && head.starts_with(b"HTTP/1.1 200")
}

fn tail(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}
