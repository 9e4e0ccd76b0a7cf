//! The Java export and the Python export are the same pipeline: their trigger trees and their
//! TestStreams, each read back from the program text, are equal (item 5 of issue 9: the Java
//! export cannot be compiled here without Beam's jars, so its text is what is checked).

use windowpane_export::python::STALL_WARNING;
use windowpane_export::{beam_java, beam_python};

/// A call tree read from either language: `Name(args)`, a keyword argument, or a bare token,
/// with Java's chained `.method(args)` calls as `Call { name: ".method", args: [receiver, ...] }`.
#[derive(Debug, Clone, PartialEq)]
enum Expr {
    Call { name: String, args: Vec<Expr> },
    Keyword(String, Box<Expr>),
    Token(String),
}

fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() || "_.<>".contains(c) {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        if "(),=".contains(c) {
            out.push(c.to_string());
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

struct Parser {
    tokens: Vec<String>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&str> {
        self.tokens.get(self.at).map(String::as_str)
    }
    fn next(&mut self) -> String {
        self.at += 1;
        self.tokens.get(self.at - 1).cloned().unwrap_or_else(|| panic!("the expression ends early: {:?}", self.tokens))
    }
    fn args(&mut self) -> Vec<Expr> {
        assert_eq!(self.next(), "(");
        let mut args = Vec::new();
        while self.peek() != Some(")") {
            args.push(self.expr());
            if self.peek() == Some(",") {
                self.next();
            }
        }
        self.next();
        args
    }
    fn expr(&mut self) -> Expr {
        let name = self.next();
        let mut e = if self.peek() == Some("=") {
            self.next();
            return Expr::Keyword(name, Box::new(self.expr()));
        } else if self.peek() == Some("(") {
            Expr::Call { name, args: self.args() }
        } else {
            Expr::Token(name)
        };
        while let Some(method) = self.peek().filter(|t| t.starts_with('.')).map(str::to_string) {
            self.next();
            let mut args = vec![e];
            args.extend(self.args());
            e = Expr::Call { name: method, args };
        }
        e
    }
}

fn parse(text: &str) -> Expr {
    let mut p = Parser { tokens: tokens(text), at: 0 };
    let e = p.expr();
    assert_eq!(p.at, p.tokens.len(), "left over in {text:?}");
    e
}

fn number(e: &Expr) -> i64 {
    match e {
        Expr::Token(t) => t.trim_end_matches('L').parse().unwrap_or_else(|_| panic!("not a number: {t}")),
        Expr::Call { name, args } if name == "Duration.millis" => number(&args[0]),
        other => panic!("not a number: {other:?}"),
    }
}

/// An early or late firing: both SDKs repeat it (Python's AfterWatermark._wrap_if_not_repeatedly,
/// Java's withEarlyFirings / withLateFirings), so one Repeatedly around it says nothing.
fn firing(canonical: String) -> String {
    match canonical.strip_prefix("repeat(").and_then(|s| s.strip_suffix(')')) {
        Some(inner) => inner.to_string(),
        None => canonical,
    }
}

fn list(name: &str, args: &[Expr], each: fn(&Expr) -> String) -> String {
    format!("{name}({})", args.iter().map(each).collect::<Vec<_>>().join(","))
}

/// A Python trigger expression in one canonical form.
fn python_trigger(e: &Expr) -> String {
    let Expr::Call { name, args } = e else { panic!("not a trigger: {e:?}") };
    match name.as_str() {
        "DefaultTrigger" => "default".into(),
        "Never" => "never".into(),
        "AfterCount" => format!("count({})", number(&args[0])),
        "AfterProcessingTime" => format!("delay({})", number(&args[0]) * 1000),
        "Repeatedly" => format!("repeat({})", python_trigger(&args[0])),
        "AfterEach" => list("each", args, python_trigger),
        "AfterAny" => list("any", args, python_trigger),
        "AfterAll" => list("all", args, python_trigger),
        "OrFinally" => list("or_finally", args, python_trigger),
        "AfterWatermark" => {
            let mut early = "-".to_string();
            let mut late = "-".to_string();
            for a in args {
                match a {
                    Expr::Keyword(k, v) if k == "early" => early = firing(python_trigger(v)),
                    Expr::Keyword(k, v) if k == "late" => late = firing(python_trigger(v)),
                    other => panic!("AfterWatermark argument {other:?}"),
                }
            }
            format!("watermark(early={early},late={late})")
        }
        other => panic!("unknown Python trigger {other}"),
    }
}

/// A Java trigger expression in the same canonical form.
fn java_trigger(e: &Expr) -> String {
    let Expr::Call { name, args } = e else { panic!("not a trigger: {e:?}") };
    let elements = |args: &[Expr]| -> Vec<Expr> {
        match args {
            [Expr::Call { name, args }] if name == "Arrays.<Trigger>asList" => args.clone(),
            _ => args.to_vec(),
        }
    };
    match name.as_str() {
        "DefaultTrigger.of" => "default".into(),
        "Never.ever" => "never".into(),
        "AfterPane.elementCountAtLeast" => format!("count({})", number(&args[0])),
        ".plusDelayOf" => {
            assert!(matches!(&args[0], Expr::Call { name, .. } if name == "AfterProcessingTime.pastFirstElementInPane"));
            format!("delay({})", number(&args[1]))
        }
        "Repeatedly.forever" => format!("repeat({})", java_trigger(&args[0])),
        "AfterEach.inOrder" => list("each", args, java_trigger),
        "AfterFirst.of" => list("any", &elements(args), java_trigger),
        "AfterAll.of" => list("all", &elements(args), java_trigger),
        ".orFinally" => list("or_finally", args, java_trigger),
        "AfterWatermark.pastEndOfWindow" => "watermark(early=-,late=-)".into(),
        ".withEarlyFirings" | ".withLateFirings" => {
            let base = java_trigger(&args[0]);
            let x = firing(java_trigger(&args[1]));
            if name == ".withEarlyFirings" {
                base.replacen("early=-", &format!("early={x}"), 1)
            } else {
                base.replacen("late=-", &format!("late={x}"), 1)
            }
        }
        other => panic!("unknown Java trigger {other}"),
    }
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("no {start:?} in\n{text}")) + start.len();
    let to = text[from..].find(end).unwrap_or_else(|| panic!("no {end:?} after {start:?}")) + from;
    &text[from..to]
}

/// One TestStream step in a canonical form: `P by`, `E key value time` per element of a
/// bundle joined by `;`, `W time`, `INF`.
fn python_stream(code: &str) -> Vec<String> {
    let body = between(code, "    stream = TestStream()\n", "    return stream\n");
    let mut out = Vec::new();
    let mut bundle: Option<Vec<String>> = None;
    let mut skip_next_advance = false;
    for line in body.lines().map(str::trim) {
        if line.starts_with("# Processing-time timers still pending") {
            // Python only: Beam Python never expires a window, so the program lets pending
            // processing-time timers go off after the end of input (Java's runner core expires them).
            skip_next_advance = true;
        } else if let Some(rest) = line.strip_prefix("stream.advance_processing_time(millis(") {
            if !std::mem::take(&mut skip_next_advance) {
                out.push(format!("P {}", rest.split(')').next().unwrap_or_default()));
            }
        } else if let Some(rest) = line.strip_prefix("stream.advance_watermark_to(at(") {
            out.push(format!("W {}", rest.split(')').next().unwrap_or_default()));
        } else if line.starts_with("stream.advance_watermark_to_infinity()") {
            out.push("INF".into());
        } else if line.starts_with("stream.add_elements([") {
            let mut b = Vec::new();
            if line.contains("TimestampedValue(") {
                b.push(element(line, PYTHON_ELEMENT));
                out.push(format!("E {}", b.join(";")));
            } else {
                bundle = Some(b);
            }
        } else if line.starts_with("TimestampedValue(") {
            bundle.as_mut().expect("an element outside add_elements").push(element(line, PYTHON_ELEMENT));
        } else if line.starts_with("])") {
            out.push(format!("E {}", bundle.take().expect("a bundle").join(";")));
        } else if !line.starts_with('#') && !line.is_empty() {
            panic!("unknown TestStream line {line:?}");
        }
    }
    out
}

fn java_stream(code: &str) -> Vec<String> {
    let body = between(code, "return TestStream.create(KvCoder.of(StringUtf8Coder.of(), DoubleCoder.of()))\n", "\n  }\n");
    let mut out = Vec::new();
    let mut bundle: Option<Vec<String>> = None;
    for line in body.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix(".advanceProcessingTime(Duration.millis(") {
            out.push(format!("P {}", rest.split('L').next().unwrap_or_default()));
        } else if let Some(rest) = line.strip_prefix(".advanceWatermarkTo(new Instant(") {
            out.push(format!("W {}", rest.split('L').next().unwrap_or_default()));
        } else if line.starts_with(".advanceWatermarkToInfinity()") {
            out.push("INF".into());
        } else if line.starts_with(".addElements(TimestampedValue.of(") {
            out.push(format!("E {}", element(line, JAVA_ELEMENT)));
        } else if line == ".addElements(" {
            bundle = Some(Vec::new());
        } else if line.starts_with("TimestampedValue.of(") {
            let b = bundle.as_mut().expect("an element outside addElements");
            b.push(element(line, JAVA_ELEMENT));
            if line.ends_with("*/)") {
                out.push(format!("E {}", bundle.take().expect("a bundle").join(";")));
            }
        } else if !line.is_empty() {
            panic!("unknown TestStream line {line:?}");
        }
    }
    out
}

/// An element as `key value time`, read between the given markers: Python's
/// `TimestampedValue(("k", 5), at(43226000))`, Java's
/// `TimestampedValue.of(KV.of("k", 5.0), new Instant(43226000L))`.
fn element(line: &str, [open, middle, end]: [&str; 3]) -> String {
    let inner = between(line, open, middle);
    let (key, value) = inner.rsplit_once(", ").expect("key, value");
    let time = between(line, middle, end);
    format!("{} {} {}", key.trim_matches('"'), value.parse::<f64>().expect("a value"), time)
}

const PYTHON_ELEMENT: [&str; 3] = ["TimestampedValue((", "), at(", ")"];
const JAVA_ELEMENT: [&str; 3] = ["KV.of(", "), new Instant(", "L)"];

/// Every example both SDKs express without a warning: the same trigger tree and TestStream.
#[test]
fn the_java_and_python_exports_are_the_same_pipeline() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");
    let mut compared = 0;
    let mut paths: Vec<_> = std::fs::read_dir(dir).expect("examples/").map(|e| e.expect("entry").path()).filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("read");
        let scenario = windowpane_scenario::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let (Ok(py), Ok(java)) = (beam_python(&scenario), beam_java(&scenario)) else { continue };
        if py.warnings.iter().any(|w| !w.starts_with(STALL_WARNING)) || !java.warnings.is_empty() {
            continue;
        }
        let name = path.display();
        let py_trigger = python_trigger(&parse(between(&py.code, "trigger=", ",\n            accumulation_mode=")));
        let java_trigger = java_trigger(&parse(between(&java.code, ".triggering(", ")\n              .withAllowedLateness(")));
        assert_eq!(py_trigger, java_trigger, "{name}: trigger trees differ");
        assert_eq!(python_stream(&py.code), java_stream(&java.code), "{name}: TestStreams differ");
        compared += 1;
    }
    assert!(compared >= 25, "only {compared} examples compared");
}

/// The readers themselves: a difference in either export is seen.
#[test]
fn the_readers_see_a_different_trigger_and_a_different_stream() {
    let py = python_trigger(&parse("AfterWatermark(early=AfterProcessingTime(60), late=AfterCount(1))"));
    assert_eq!(py, "watermark(early=delay(60000),late=count(1))");
    let java = java_trigger(&parse(
        "AfterWatermark.pastEndOfWindow().withEarlyFirings(AfterProcessingTime.pastFirstElementInPane().plusDelayOf(Duration.millis(60000L))).withLateFirings(AfterPane.elementCountAtLeast(1))",
    ));
    assert_eq!(py, java);
    let other = java_trigger(&parse("AfterWatermark.pastEndOfWindow().withLateFirings(AfterPane.elementCountAtLeast(2))"));
    assert_ne!(py, other);
    assert_eq!(
        java_trigger(&parse("AfterFirst.of(Arrays.<Trigger>asList(Repeatedly.forever(AfterPane.elementCountAtLeast(2)), Never.ever()))")),
        python_trigger(&parse("AfterAny(Repeatedly(AfterCount(2)), Never())"))
    );
    let py = "    stream = TestStream()\n    stream.add_elements([TimestampedValue((\"a\", 5), at(1000))])  # x\n    stream.advance_processing_time(millis(30))\n    stream.advance_watermark_to_infinity()\n    return stream\n";
    let java = "return TestStream.create(KvCoder.of(StringUtf8Coder.of(), DoubleCoder.of()))\n        .addElements(TimestampedValue.of(KV.of(\"a\", 5.0), new Instant(1000L)) /* e */)\n        .advanceProcessingTime(Duration.millis(31L)) // p\n        .advanceWatermarkToInfinity(); // end\n  }\n";
    assert_eq!(python_stream(py)[0], java_stream(java)[0]);
    assert_ne!(python_stream(py), java_stream(java), "a 30 ms and a 31 ms advance must differ");
}
