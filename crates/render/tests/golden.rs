//! Golden SVGs: each case in `common` is rendered, normalised (numbers rounded to one decimal)
//! and compared with `tests/golden/<name>.svg` at the workspace root. On a mismatch the new
//! chart is written to `<name>-changed.svg` next to the golden and the test fails; review the
//! diff (and the picture), then accept with `UPDATE_GOLDENS=1 cargo test -p windowpane-render --test golden`.

mod common;

use std::path::PathBuf;

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden")
}

/// Rounds every decimal number to one decimal, so float noise does not fail the comparison.
fn normalise(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut token = String::new();
    let flush = |token: &mut String, out: &mut String| {
        let decimal =
            token.matches('.').count() == 1 && !token.starts_with('.') && !token.ends_with('.');
        if decimal {
            match token.parse::<f64>() {
                Ok(x) => out.push_str(&format!("{x:.1}")),
                Err(_) => out.push_str(token),
            }
        } else {
            out.push_str(token);
        }
        token.clear();
    };
    for c in svg.chars() {
        if c.is_ascii_digit() || c == '.' {
            token.push(c);
        } else {
            flush(&mut token, &mut out);
            out.push(c);
        }
    }
    flush(&mut token, &mut out);
    out
}

#[test]
fn normalise_rounds_decimals_only() {
    assert_eq!(
        normalise(r#"font-size="9.67741935" x="12" t="12:00:00" o="0.25""#),
        r#"font-size="9.7" x="12" t="12:00:00" o="0.2""#
    );
    assert_eq!(
        normalise("1.26 and 2.5 and w3.org 1.2.3"),
        "1.3 and 2.5 and w3.org 1.2.3"
    );
}

#[test]
fn charts_match_goldens() {
    let update = std::env::var("UPDATE_GOLDENS").is_ok_and(|v| v == "1");
    let dir = golden_dir();
    let mut failures = Vec::new();
    for case in common::all() {
        let svg = normalise(&common::svg_of(&case));
        let golden = dir.join(format!("{}.svg", case.name));
        let changed = dir.join(format!("{}-changed.svg", case.name));
        if update {
            std::fs::create_dir_all(&dir).expect("create tests/golden");
            std::fs::write(&golden, &svg).expect("write the golden");
            let _ = std::fs::remove_file(&changed);
            continue;
        }
        match std::fs::read_to_string(&golden) {
            Ok(expected) if expected == svg => {
                let _ = std::fs::remove_file(&changed);
            }
            Ok(_) => {
                std::fs::write(&changed, &svg).expect("write the changed chart");
                failures.push(format!(
                    "{} differs from its golden: see {}",
                    case.name,
                    changed.display()
                ));
            }
            Err(_) => {
                std::fs::write(&changed, &svg).expect("write the changed chart");
                failures.push(format!(
                    "{} has no golden {}: review {} and accept with UPDATE_GOLDENS=1",
                    case.name,
                    golden.display(),
                    changed.display()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
