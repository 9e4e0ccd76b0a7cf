//! The page's drawing backend: plotters' drawing calls on a 2d context, of a canvas element (the
//! façade's stateless `draw`) or of an OffscreenCanvas (the worker's session). Both contexts have
//! the same methods, and web-sys calls them by name, so one backend serves both.
//! - Text is measured with the context's own `measureText`. Plotters' web font measures a text by
//!   adding a span to the page and reading its size, which makes the browser lay out the whole
//!   page, once per label (and a worker has no page): 5 ms of every redraw of a 10,000-event
//!   scenario went there (Chrome's profiler over 10 edits of the page benchmark's scenario).
//! - Text, rectangles and lines set the context's font, colours and alignment only when they
//!   change: the browser parses each such string it is given, and setting the font for every
//!   pane label cost 4 ms of the same redraw (same profile).

use plotters_backend::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind, FontTransform,
};
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsError, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, OffscreenCanvas};

/// A drawing backend on a canvas's 2d context; text sizes come from that context.
pub(crate) struct Canvas {
    /// The 2d context (an `OffscreenCanvasRenderingContext2d` seen through the same methods).
    context: CanvasRenderingContext2d,
    size: (u32, u32),
    /// The styles last set on the context by this backend (None: not known).
    set: RefCell<Styles>,
}

#[derive(Default)]
struct Styles {
    font: Option<String>,
    fill: Option<Rgba>,
    stroke: Option<(Rgba, u32)>,
    align: Option<(&'static str, &'static str)>,
}

impl Canvas {
    /// The backend drawing into a canvas element; an error when it has no 2d context.
    pub(crate) fn of(canvas: HtmlCanvasElement) -> std::result::Result<Canvas, JsError> {
        let size = (canvas.width(), canvas.height());
        let context = canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok());
        Canvas::with(context, size)
    }

    /// The backend drawing into an OffscreenCanvas (a worker's); an error when it has no 2d context.
    pub(crate) fn of_offscreen(canvas: &OffscreenCanvas) -> std::result::Result<Canvas, JsError> {
        let size = (canvas.width(), canvas.height());
        // The offscreen context has every method this backend calls, under the same names.
        let context = canvas.get_context("2d").ok().flatten().map(|c| c.unchecked_into::<CanvasRenderingContext2d>());
        Canvas::with(context, size)
    }

    fn with(context: Option<CanvasRenderingContext2d>, size: (u32, u32)) -> std::result::Result<Canvas, JsError> {
        let context = context.ok_or_else(|| crate::into_error("canvas: cannot get its 2d context"))?;
        Ok(Canvas { context, size, set: RefCell::default() })
    }

    /// The canvas's 2d context.
    pub(crate) fn context(&self) -> CanvasRenderingContext2d {
        self.context.clone()
    }

    fn font<S: BackendTextStyle>(&self, style: &S) {
        let font = format!("{} {}px {}", style.style().as_str(), style.size(), style.family().as_str());
        let mut set = self.set.borrow_mut();
        if set.font.as_deref() != Some(font.as_str()) {
            self.context.set_font(&font);
            set.font = Some(font);
        }
    }

    fn fill(&self, color: BackendColor) {
        let mut set = self.set.borrow_mut();
        if set.fill != Some(Rgba::of(color)) {
            self.context.set_fill_style_str(&Rgba::of(color).css());
            set.fill = Some(Rgba::of(color));
        }
    }

    fn stroke(&self, color: BackendColor, width: u32) {
        let mut set = self.set.borrow_mut();
        if set.stroke != Some((Rgba::of(color), width)) {
            self.context.set_stroke_style_str(&Rgba::of(color).css());
            self.context.set_line_width(f64::from(width));
            set.stroke = Some((Rgba::of(color), width));
        }
    }

    fn align(&self, pos: Pos) {
        let align = (
            match pos.h_pos {
                HPos::Left => "start",
                HPos::Center => "center",
                HPos::Right => "end",
            },
            match pos.v_pos {
                VPos::Top => "top",
                VPos::Center => "middle",
                VPos::Bottom => "bottom",
            },
        );
        let mut set = self.set.borrow_mut();
        if set.align != Some(align) {
            self.context.set_text_align(align.0);
            self.context.set_text_baseline(align.1);
            set.align = Some(align);
        }
    }
}

/// A colour, comparable.
#[derive(Clone, Copy, PartialEq)]
struct Rgba((u8, u8, u8), f64);

impl Rgba {
    fn of(c: BackendColor) -> Rgba {
        Rgba(c.rgb, c.alpha)
    }

    fn css(self) -> String {
        let Rgba((r, g, b), a) = self;
        format!("rgba({r},{g},{b},{a})")
    }
}

/// A drawing call the context refused, with what it said.
#[derive(Debug)]
pub(crate) struct CanvasError(String);

impl std::fmt::Display for CanvasError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "canvas: {}", self.0)
    }
}

impl std::error::Error for CanvasError {}

fn js_error(e: JsValue) -> DrawingErrorKind<CanvasError> {
    DrawingErrorKind::DrawingError(CanvasError(format!("{e:?}")))
}

type Result<T> = std::result::Result<T, DrawingErrorKind<CanvasError>>;

/// A horizontal or vertical line of integer coordinates moved half a pixel, so that a 1-pixel
/// line covers one row or column of pixels instead of two half-tinted ones.
fn crisp(from: BackendCoord, to: BackendCoord) -> ((f64, f64), (f64, f64)) {
    let (mut a, mut b) = ((f64::from(from.0), f64::from(from.1)), (f64::from(to.0), f64::from(to.1)));
    if from.0 == to.0 {
        a.0 -= 0.5;
        b.0 -= 0.5;
    }
    if from.1 == to.1 {
        a.1 -= 0.5;
        b.1 -= 0.5;
    }
    (a, b)
}

impl Canvas {
    /// A path through `points`: open (stroked) or closed (filled).
    fn path(&self, points: impl IntoIterator<Item = BackendCoord>, close: bool) {
        let mut points = points.into_iter();
        self.context.begin_path();
        if let Some((x, y)) = points.next() {
            self.context.move_to(f64::from(x), f64::from(y));
            for (x, y) in points {
                self.context.line_to(f64::from(x), f64::from(y));
            }
            if close {
                self.context.close_path();
            }
        }
    }
}

impl DrawingBackend for Canvas {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Result<()> {
        Ok(())
    }

    fn present(&mut self) -> Result<()> {
        Ok(())
    }

    fn draw_pixel(&mut self, (x, y): BackendCoord, color: BackendColor) -> Result<()> {
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.fill(color);
        self.context.fill_rect(f64::from(x), f64::from(y), 1.0, 1.0);
        Ok(())
    }

    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Result<()> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let (a, b) = crisp(from, to);
        self.stroke(style.color(), style.stroke_width());
        self.context.begin_path();
        self.context.move_to(a.0, a.1);
        self.context.line_to(b.0, b.1);
        self.context.stroke();
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        (x0, y0): BackendCoord,
        (x1, y1): BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<()> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let (x, y, w, h) = (f64::from(x0), f64::from(y0), f64::from(x1 - x0), f64::from(y1 - y0));
        if fill {
            self.fill(color);
            self.context.fill_rect(x, y, w, h);
        } else {
            // An odd-width outline moved half a pixel onto whole pixels (see `crisp`): a 1-pixel
            // outline in the box's colour, not two half-tinted ones.
            let half = if style.stroke_width() % 2 == 1 { 0.5 } else { 0.0 };
            self.stroke(color, style.stroke_width());
            self.context.stroke_rect(x + half, y + half, w, h);
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, style: &S) -> Result<()> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.stroke(style.color(), style.stroke_width());
        self.path(path, false);
        self.context.stroke();
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(&mut self, (x, y): BackendCoord, radius: u32, style: &S, fill: bool) -> Result<()> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        if fill {
            self.fill(style.color());
        } else {
            self.stroke(style.color(), style.stroke_width());
        }
        self.context.begin_path();
        self.context
            .arc(f64::from(x), f64::from(y), f64::from(radius), 0.0, std::f64::consts::TAU)
            .map_err(js_error)?;
        if fill {
            self.context.fill();
        } else {
            self.context.stroke();
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, vert: I, style: &S) -> Result<()> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.fill(style.color());
        self.path(vert, true);
        self.context.fill();
        Ok(())
    }

    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, (x, y): BackendCoord) -> Result<()> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.font(style);
        self.fill(color);
        self.align(style.anchor());
        let quarter_turns = match style.transform() {
            FontTransform::None => 0,
            FontTransform::Rotate90 => 1,
            FontTransform::Rotate180 => 2,
            FontTransform::Rotate270 => 3,
        };
        if quarter_turns == 0 {
            return self.context.fill_text(text, f64::from(x), f64::from(y)).map_err(js_error);
        }
        // Rotated about its anchor; save and restore keep the font, colour and alignment just set.
        self.context.save();
        self.context.translate(f64::from(x), f64::from(y)).map_err(js_error)?;
        self.context.rotate(f64::from(quarter_turns) * std::f64::consts::FRAC_PI_2).map_err(js_error)?;
        let drawn = self.context.fill_text(text, 0.0, 0.0).map_err(js_error);
        self.context.restore();
        drawn
    }

    /// The text's advance width and its font's line height (ascent plus descent), in the font
    /// `draw_text` sets: what the span plotters would measure gives, without a layout.
    fn estimate_text_size<S: BackendTextStyle>(&self, text: &str, style: &S) -> Result<(u32, u32)> {
        self.font(style);
        let metrics = self.context.measure_text(text).map_err(js_error)?;
        let height = metrics.font_bounding_box_ascent() + metrics.font_bounding_box_descent();
        Ok((metrics.width().ceil() as u32, height.ceil() as u32))
    }
}
