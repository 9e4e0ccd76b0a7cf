//! Reading a scenario from a file, or from standard input when the path is `-`.

use anyhow::{anyhow, Context};
use std::io::Read;
use std::sync::OnceLock;
use windowpane_scenario::{Limits, Scenario};

/// The work limits of this process (`--limits xN`), set once by `main`.
static LIMITS: OnceLock<Limits> = OnceLock::new();

/// Sets the limits every scenario is checked against (the default ones times `factor`).
pub fn set_limits(factor: u64) {
    let _ = LIMITS.set(Limits::default().times(factor));
}

/// Reads `--limits x10` (or `10`): a factor ≥ 1 on every default limit.
pub fn limits_factor(text: &str) -> Result<u64, String> {
    let digits = text.strip_prefix(['x', 'X']).unwrap_or(text);
    match digits.parse::<u64>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!("expected a factor like x10 (a whole number ≥ 1), got {text:?}")),
    }
}

/// The text at `path`, or all of standard input for `-`; text that is not UTF-8 is an error
/// naming the byte offset.
pub fn read_text(path: &str) -> anyhow::Result<String> {
    let mut bytes = Vec::new();
    if path == "-" {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read the scenario from standard input")?;
    } else {
        bytes = std::fs::read(path).with_context(|| format!("cannot read {path}"))?;
    }
    utf8(bytes).map_err(|e| anyhow!("{}: {e}", if path == "-" { "standard input" } else { path }))
}

/// `bytes` as text, or where it stops being UTF-8.
fn utf8(bytes: Vec<u8>) -> Result<String, String> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let byte = e.as_bytes()[at];
        format!("not UTF-8 text: byte 0x{byte:02x} at byte offset {at} does not start a valid character")
    })
}

/// `text` parsed and checked against the process's limits.
pub fn parse(text: &str) -> Result<Scenario, windowpane_scenario::ScenarioError> {
    windowpane_scenario::parse_with(text, LIMITS.get().unwrap_or(&Limits::default()))
}

/// The scenario at `path` (or standard input for `-`), parsed and checked.
/// Errors read `{field path}: {what is wrong}`.
pub fn load(path: &str) -> anyhow::Result<Scenario> {
    Ok(parse(&read_text(path)?)?)
}

/// Ends quietly when the reader of our output has gone away (`windowpane run x | head`).
pub fn quiet_broken_pipe(result: std::io::Result<()>) -> anyhow::Result<()> {
    match result {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write the output"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression (fuzzing): invalid UTF-8 gave no byte offset.
    #[test]
    fn invalid_utf8_names_its_byte_offset() {
        let e = utf8(b"{\"title\": \"caf\xe9\"}".to_vec()).unwrap_err();
        assert_eq!(e, "not UTF-8 text: byte 0xe9 at byte offset 14 does not start a valid character");
        assert_eq!(utf8("é".as_bytes().to_vec()), Ok("é".to_string()));
    }

    #[test]
    fn the_limits_factor_is_a_whole_number() {
        assert_eq!(limits_factor("x10"), Ok(10));
        assert_eq!(limits_factor("3"), Ok(3));
        assert!(limits_factor("x0").unwrap_err().starts_with("expected a factor like x10"));
        assert!(limits_factor("lots").is_err());
    }
}
