//! Runs the load stage on every file of the folders given (default: ../shared/specs and
//! ../shared/corpus) and prints how far YAML aliases expand each document, so that the
//! limits of `generator::load::parse` can be checked against real specs:
//! `cargo run -p openapi-rust-gen --example load_corpus [DIR...]`.

use std::path::PathBuf;

fn main() {
    let mut dirs: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if dirs.is_empty() {
        dirs = vec!["../shared/specs".into(), "../shared/corpus".into()];
    }
    let mut worst = (0.0f64, String::new());
    let (mut loaded, mut failed) = (0, 0);
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            eprintln!("{}: cannot read", dir.display());
            continue;
        };
        let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        for file in files {
            let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
            if !["yaml", "yml", "json"].contains(&ext) {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&file) else { continue };
            let start = std::time::Instant::now();
            let measured = generator::load::measure_yaml(&text, u64::MAX);
            let measure_time = start.elapsed();
            let result = generator::load::load(&text);
            match &result {
                Ok(_) => loaded += 1,
                Err(_) => failed += 1,
            }
            let (ratio, detail) = match measured {
                Ok(m) => {
                    let ratio = m.expanded as f64 / text.len().max(1) as f64;
                    (
                        ratio,
                        format!("written {} expanded {} jumps {} events {}", m.written, m.expanded, m.jumps, m.events),
                    )
                }
                Err(e) => (0.0, e.to_string()),
            };
            if ratio > worst.0 {
                worst = (ratio, file.display().to_string());
            }
            println!(
                "{:.3}\t{}\t{} bytes\t{detail}\tmeasure {:?}\t{}",
                ratio,
                file.display(),
                text.len(),
                measure_time,
                result
                    .err()
                    .map(|e| e.to_string().chars().take(120).collect::<String>())
                    .unwrap_or_else(|| "ok".into())
            );
        }
    }
    println!(
        "loaded {loaded}, failed {failed}; largest expansion ratio (expanded size / bytes) {:.3} in {}",
        worst.0, worst.1
    );
}
