//! Plain-text tables with aligned columns, for people.

/// A table: a header row and data rows, printed with columns padded to their widest cell.
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// An empty table with these column names.
    pub fn new(header: &[&str]) -> Table {
        Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row (one cell per column).
    pub fn push(&mut self, row: Vec<String>) {
        debug_assert_eq!(
            row.len(),
            self.header.len(),
            "a table row has one cell per column"
        );
        self.rows.push(row);
    }

    /// The table as lines of text, columns separated by two spaces, no trailing spaces.
    pub fn render(&self) -> String {
        let width = |cell: &String| cell.chars().count();
        let mut widths: Vec<usize> = self.header.iter().map(width).collect();
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(width(cell));
            }
        }
        let mut out = String::new();
        for row in std::iter::once(&self.header).chain(&self.rows) {
            let mut line = String::new();
            for (cell, w) in row.iter().zip(&widths) {
                line.push_str(cell);
                line.push_str(&" ".repeat(w - width(cell) + 2));
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::Table;

    #[test]
    fn columns_line_up_by_characters() {
        let mut t = Table::new(&["key", "window"]);
        t.push(vec!["TeamX".into(), "12:00:00–12:02:00".into()]);
        t.push(vec!["a".into(), "+∞".into()]);
        assert_eq!(
            t.render(),
            "key    window\nTeamX  12:00:00–12:02:00\na      +∞\n"
        );
    }
}
