//! Debug: prints glyph positions of one PDF page. Usage: pdf_glyphs FILE.pdf PAGE
use pdf_extract::{ColorSpace, Document, MediaBox, OutputDev, OutputError, Path, Transform};
struct D;
impl OutputDev for D {
    fn begin_page(
        &mut self,
        _: u32,
        _: &MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        spacing: f64,
        font_size: f64,
        ch: &str,
    ) -> Result<(), OutputError> {
        println!(
            "{:8.2} {:8.2} w={:.3} sp={:.3} fs={:.2} m11={:.3} m22={:.3} {ch:?}",
            trm.m31, trm.m32, width, spacing, font_size, trm.m11, trm.m22
        );
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn fill(
        &mut self,
        t: &Transform,
        _: &ColorSpace,
        _: &[f64],
        p: &Path,
    ) -> Result<(), OutputError> {
        println!(
            "FILL ctm=({:.2},{:.2},{:.2},{:.2},{:.2},{:.2}) {:?}",
            t.m11, t.m12, t.m21, t.m22, t.m31, t.m32, p.ops
        );
        Ok(())
    }
    fn stroke(
        &mut self,
        t: &Transform,
        _: &ColorSpace,
        _: &[f64],
        p: &Path,
    ) -> Result<(), OutputError> {
        println!(
            "STROKE ctm=({:.2},{:.2},{:.2},{:.2},{:.2},{:.2}) {:?}",
            t.m11, t.m12, t.m21, t.m22, t.m31, t.m32, p.ops
        );
        Ok(())
    }
}
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let doc = Document::load(&a[1]).unwrap();
    pdf_extract::output_doc_page(&doc, &mut D, a[2].parse().unwrap()).unwrap();
}
