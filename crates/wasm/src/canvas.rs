//! The page's drawing backend: plotters' canvas backend, except for text and rectangles.
//! - Text is measured with the canvas's own `measureText`. Plotters' web font measures a text by
//!   adding a span to the page and reading its size, which makes the browser lay out the whole
//!   page, once per label: 5 ms of every redraw of a 10,000-event scenario went there (Chrome's
//!   profiler over 10 edits of the page benchmark's scenario).
//! - Text and rectangles set the context's font, colours and alignment only when they change:
//!   the browser parses each such string it is given, and setting the font for every pane label
//!   cost 4 ms of the same redraw (same profile). Every other drawing call goes to plotters' backend, which
//!   sets its own styles, so the remembered ones are forgotten then (preparing and presenting
//!   set none: plotters calls them around every element).

use plotters_backend::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind, FontTransform,
};
use std::cell::RefCell;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::{JsCast, JsError};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// A canvas backend whose text sizes come from the canvas's 2d context.
pub(crate) struct Canvas {
    inner: CanvasBackend,
    context: CanvasRenderingContext2d,
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
    /// The backend drawing into `canvas`; an error when it has no 2d context.
    pub(crate) fn of(canvas: HtmlCanvasElement) -> std::result::Result<Canvas, JsError> {
        let no_context = || crate::into_error("canvas: cannot get its 2d context");
        let context = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
            .ok_or_else(no_context)?;
        let inner = CanvasBackend::with_canvas_object(canvas).ok_or_else(no_context)?;
        Ok(Canvas { inner, context, set: RefCell::default() })
    }

    /// The canvas's 2d context.
    pub(crate) fn context(&self) -> CanvasRenderingContext2d {
        self.context.clone()
    }

    /// Forgets the styles set: plotters' backend is about to set its own.
    fn forget(&mut self) -> &mut CanvasBackend {
        *self.set.get_mut() = Styles::default();
        &mut self.inner
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

fn js_error(e: wasm_bindgen::JsValue) -> DrawingErrorKind<<CanvasBackend as DrawingBackend>::ErrorType> {
    DrawingErrorKind::FontError(format!("{e:?}").into())
}

type Result<T> = std::result::Result<T, DrawingErrorKind<<CanvasBackend as DrawingBackend>::ErrorType>>;

impl DrawingBackend for Canvas {
    type ErrorType = <CanvasBackend as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<()> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<()> {
        self.inner.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<()> {
        self.forget().draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Result<()> {
        self.forget().draw_line(from, to, style)
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
            self.stroke(color, style.stroke_width());
            self.context.stroke_rect(x, y, w, h);
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, style: &S) -> Result<()> {
        self.forget().draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(&mut self, center: BackendCoord, radius: u32, style: &S, fill: bool) -> Result<()> {
        self.forget().draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, vert: I, style: &S) -> Result<()> {
        self.forget().fill_polygon(vert, style)
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

    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> Result<()> {
        self.forget().blit_bitmap(pos, size, src)
    }
}
