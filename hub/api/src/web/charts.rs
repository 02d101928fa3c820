//! Simple charts drawn on the server as SVG (issue 8, R14): the geometry is computed here and
//! the templates draw it with classes from `app.css`, so no chart library, no script and no
//! inline style reach the page (its Content-Security-Policy forbids them). Labels are Fluent ids
//! the template translates.

use serde::Serialize;
use tanba_registry::{FlowsView, StatusCounts};

/// A horizontal bar.
#[derive(Debug, Serialize)]
pub(crate) struct Bar {
    /// Its Fluent id suffix (`emitted`, `introduced`, ...).
    key: &'static str,
    value: i64,
    y: u32,
    width: u32,
}

/// Bars of codes per status, the longest `BAR_SPAN` wide.
#[derive(Debug, Serialize)]
pub(crate) struct BarChart {
    bars: Vec<Bar>,
    height: u32,
}

const BAR_SPAN: u32 = 220;
const BAR_STEP: u32 = 26;

/// One bar per status, to the scale of the largest count.
pub(crate) fn statuses(counts: &StatusCounts) -> BarChart {
    let values = [
        ("emitted", counts.emitted),
        ("applied", counts.applied),
        ("introduced", counts.introduced),
        ("retired", counts.retired),
        ("written_off", counts.written_off),
        ("withdrawn", counts.withdrawn),
    ];
    let max = values.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let bars = values
        .iter()
        .zip(0u32..)
        .map(|((key, value), i)| Bar {
            key,
            value: *value,
            y: i * BAR_STEP,
            width: scale(*value, max, BAR_SPAN),
        })
        .collect::<Vec<_>>();
    BarChart {
        height: BAR_STEP * bars.len() as u32,
        bars,
    }
}

/// One flow's line over the periods.
#[derive(Debug, Serialize)]
pub(crate) struct Line {
    key: &'static str,
    /// SVG `points`.
    points: String,
    total: i64,
}

/// Lines of some flows per period, on one scale.
#[derive(Debug, Serialize)]
pub(crate) struct LineChart {
    lines: Vec<Line>,
    max: i64,
    from: String,
    to: String,
}

const LINE_WIDTH: u32 = 300;
const LINE_HEIGHT: u32 = 120;

/// Introduced, shipped, received and sold per period of `flows`.
pub(crate) fn flows(flows: &FlowsView) -> LineChart {
    type Pick = fn(&tanba_registry::FlowCounts) -> i64;
    let series: [(&'static str, Pick); 4] = [
        ("introduced", |f| f.introduced),
        ("shipped", |f| f.shipped),
        ("received", |f| f.received),
        ("sold", |f| f.sold),
    ];
    let max = flows
        .points
        .iter()
        .flat_map(|p| series.iter().map(|(_, pick)| pick(&p.flows)))
        .max()
        .unwrap_or(0)
        .max(1);
    let step = LINE_WIDTH / (flows.points.len().max(2) as u32 - 1);
    let lines = series
        .iter()
        .map(|(key, pick)| Line {
            key,
            total: flows.points.iter().map(|p| pick(&p.flows)).sum(),
            points: flows
                .points
                .iter()
                .zip(0u32..)
                .map(|(p, i)| {
                    let y = LINE_HEIGHT - scale(pick(&p.flows), max, LINE_HEIGHT);
                    format!("{},{y}", i * step)
                })
                .collect::<Vec<_>>()
                .join(" "),
        })
        .collect();
    LineChart {
        lines,
        max,
        from: flows.from.clone(),
        to: flows.to.clone(),
    }
}

/// `value` of `max` on a `span` of pixels (a non-zero value is never drawn as nothing).
fn scale(value: i64, max: i64, span: u32) -> u32 {
    if value <= 0 {
        return 0;
    }
    let scaled = (value as f64 / max as f64 * f64::from(span)).round() as u32;
    scaled.clamp(1, span)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_bar_spans_the_chart_and_small_counts_stay_visible() {
        let counts = StatusCounts {
            emitted: 1000,
            introduced: 1,
            ..StatusCounts::default()
        };
        let chart = statuses(&counts);
        assert_eq!(chart.bars[0].width, BAR_SPAN);
        assert_eq!(chart.bars[2].width, 1, "one code is still a bar");
        assert_eq!(chart.bars[1].width, 0);
        assert_eq!(chart.height, 6 * BAR_STEP);
    }
}
