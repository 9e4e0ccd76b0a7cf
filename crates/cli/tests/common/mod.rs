//! Running the `windowpane` binary in the tests.
#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// Runs the binary in the repository's root (for `examples/`), with `stdin` (or nothing) as its
/// standard input.
pub fn windowpane(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_windowpane"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the windowpane binary starts");
    let mut input = child.stdin.take().expect("a stdin pipe");
    match input.write_all(stdin.unwrap_or("").as_bytes()) {
        // The binary may exit before reading its input (a usage error): not the test's concern.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        written => written.expect("stdin accepts the scenario"),
    }
    drop(input);
    child
        .wait_with_output()
        .expect("the windowpane binary ends")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}
