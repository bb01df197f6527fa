//! The progress bar of `build`, on stderr: the library reports progress through callbacks and
//! leaves drawing to the front end.

/// A progress bar on stderr, drawn only when stderr is a terminal and only once the total is
/// known.
pub(super) struct Progress {
    bar: indicatif::ProgressBar,
    terminal: bool,
}

impl Progress {
    pub fn new(label: &str, message: &str) -> Progress {
        use std::io::IsTerminal;
        let bar = indicatif::ProgressBar::hidden();
        let style =
            indicatif::ProgressStyle::with_template("{prefix:>9} [{bar:30}] {pos}/{len} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("=> ");
        bar.set_style(style);
        bar.set_prefix(label.to_string());
        bar.set_message(message.to_string());
        Progress {
            bar,
            terminal: std::io::stderr().is_terminal(),
        }
    }

    /// Records `done` of `total`.
    pub fn update(&self, done: usize, total: usize) {
        if self.terminal && self.bar.is_hidden() && total > 0 {
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
        self.bar.set_length(total as u64);
        self.bar.set_position(done as u64);
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
