//! Passages with at least half of the required words, but not all of them.

use super::{Context, Fill, Tier};
use crate::error::Result;

/// Fewer and fewer of the required words, down to half of them.
pub(in crate::search) struct SomeWords;

impl Tier for SomeWords {
    fn add(&self, ctx: &mut Context, fill: &mut Fill) -> Result<()> {
        if ctx.at_least > 1 {
            let half = ctx.plan.required().div_ceil(2);
            fill.levels(&ctx.compiler, ctx.plan, ctx.at_least - 1, half)?;
        }
        Ok(())
    }
}
