//! Passages with all of the required words by any form, near-synonyms too (those that only a
//! `≈` word brings), then with fewer of them: down to half when something matched, down to
//! one when nothing did; always with a distinctive one among them.

use super::{Context, Fill, Tier};
use crate::error::Result;

/// Fewer and fewer of the required words.
pub(in crate::search) struct SomeWords;

impl Tier for SomeWords {
    fn add(&self, ctx: &mut Context, fill: &mut Fill) -> Result<()> {
        let required = ctx.plan.required();
        // Every word, some through a near-synonym: related by the thesaurus. Without a
        // near-synonym that is the match set again, all listed: nothing to search for.
        let near = ctx
            .plan
            .groups
            .iter()
            .filter(|g| g.required)
            .flat_map(|g| &g.units)
            .flat_map(|u| &u.forms)
            .any(|f| !f.counts());
        if near {
            fill.levels(&ctx.compiler, ctx.plan, (required, required), None)?;
        }
        let Some(guard) = ctx.query_distinctive(fill)? else {
            return Ok(());
        };
        let floor = if ctx.total == 0 {
            1
        } else {
            required.div_ceil(2)
        };
        if required > 1 {
            fill.levels(
                &ctx.compiler,
                ctx.plan,
                (required - 1, floor),
                Some(guard.as_ref()),
            )?;
        }
        Ok(())
    }
}
