//! Passages with at least half of the pieces of a compound typed (両立支援 → 両立, 支援; 育休
//! → 育児休業 → 育児, 休業), a distinctive one among them. The cut plan is kept in the
//! context so that hits highlight the pieces.

use super::{Context, Fill, Tier};
use crate::error::Result;

/// The pieces of the query's compounds.
pub(in crate::search) struct Pieces;

impl Tier for Pieces {
    fn add(&self, ctx: &mut Context, fill: &mut Fill) -> Result<()> {
        if !fill.wants_more() {
            return Ok(());
        }
        ctx.cut = ctx.pieces.take();
        let Some(cut) = &ctx.cut else {
            return Ok(());
        };
        let Some(guard) = ctx.distinctive(cut, fill)? else {
            return Ok(());
        };
        let n = cut.required();
        fill.levels(&ctx.compiler, cut, (n, n.div_ceil(2)), Some(guard.as_ref()))
    }
}
