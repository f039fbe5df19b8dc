use clap::Parser;

// Generation allocates from several threads at once; glibc's per-thread arenas grow by many
// small `mprotect` calls, which cost a fresh process more than the generation itself.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::ExitCode;

fn main() -> ExitCode {
    match xtask::cli::run(xtask::cli::Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
