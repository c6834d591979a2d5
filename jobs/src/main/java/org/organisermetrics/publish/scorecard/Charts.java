package org.organisermetrics.publish.scorecard;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.text.DecimalFormat;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.category.StatisticalLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * The scorecard's charts: drawn by JFreeChart, written as inline SVG by JFreeSVG, headless.
 * Colours are the Okabe-Ito palette (safe for the common colour-vision deficiencies), and lines
 * also differ by marker shape. Every chart carries a title, axis labels and a text alternative.
 */
public final class Charts {
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Okabe-Ito, in the order series take them (black is kept for reference lines). */
    public static final Color BLUE = new Color(0x0072B2);
    public static final Color VERMILLION = new Color(0xD55E00);
    public static final Color BLUISH_GREEN = new Color(0x009E73);
    public static final Color REDDISH_PURPLE = new Color(0xCC79A7);
    public static final Color ORANGE = new Color(0xE69F00);
    public static final Color SKY_BLUE = new Color(0x56B4E9);
    public static final Color YELLOW = new Color(0xF0E442);
    public static final Color BLACK = Color.BLACK;
    static final Color[] SERIES = {BLUE, VERMILLION, BLUISH_GREEN, REDDISH_PURPLE, ORANGE, SKY_BLUE, BLACK, YELLOW};
    private static final Color GRID = new Color(0xDDDDDD);
    private static final Color BAND = new Color(0x999999);
    private static final String FONT = Font.SANS_SERIF;

    /** A chart ready to inline: the svg element (with role, title and desc) and its text alternative. */
    public record Chart(String id, String title, String description, Svg svg) {}

    /** Trend charts go two to a row (recruited beside trained), the other charts one to a row. */
    static final int TREND_WIDTH = 560;
    static final int DIFFERENCE_WIDTH = 560;
    static final int WIDE = 880;

    private Charts() {}

    /**
     * Recruited (or trained) per month for each pilot seat, with the control seats' median as a
     * dashed line and their interquartile range as a grey band.
     */
    public static Chart trend(String id, String title, String measure, List<String> monthLabels,
                              Map<String, long[]> seats, Scorecard.Quartiles control, int controlSeats) {
        YIntervalSeriesCollection band = new YIntervalSeriesCollection();
        YIntervalSeries controls = new YIntervalSeries("Control seats (" + controlSeats + "): median, middle half shaded");
        for (int i = 0; i < control.median().length; i++) {
            if (!Double.isNaN(control.median()[i])) {
                controls.add(i, control.median()[i], control.low()[i], control.high()[i]);
            }
        }
        band.addSeries(controls);
        XYSeriesCollection lines = new XYSeriesCollection();
        for (Map.Entry<String, long[]> seat : seats.entrySet()) {
            XYSeries s = new XYSeries(seat.getKey(), false, true);
            long[] values = seat.getValue();
            for (int i = 0; i < values.length; i++) {
                s.add(i, values[i] == Long.MIN_VALUE ? Double.NaN : values[i]);
            }
            lines.addSeries(s);
        }
        SymbolAxis x = new SymbolAxis("Month", monthLabels.toArray(String[]::new));
        x.setGridBandsVisible(false);
        NumberAxis y = new NumberAxis(measure + " per month");
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits(Locale.UK));
        y.setAutoRangeIncludesZero(true);
        XYPlot plot = new XYPlot();
        plot.setDomainAxis(x);
        plot.setRangeAxis(y);
        XYLineAndShapeRenderer seatRenderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < lines.getSeriesCount(); i++) {
            seatRenderer.setSeriesPaint(i, SERIES[i % SERIES.length]);
            seatRenderer.setSeriesStroke(i, new BasicStroke(2.2f));
        }
        plot.setDataset(0, lines);
        plot.setRenderer(0, seatRenderer);
        DeviationRenderer bandRenderer = new DeviationRenderer(true, false);
        bandRenderer.setSeriesPaint(0, BAND);
        bandRenderer.setSeriesFillPaint(0, BAND);
        bandRenderer.setAlpha(0.3f);
        bandRenderer.setSeriesStroke(0, new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f,
                new float[] {6f, 4f}, 0f));
        plot.setDataset(1, band);
        plot.setRenderer(1, bandRenderer);
        style(plot);
        JFreeChart chart = chart(title, plot, true);
        StringBuilder desc = new StringBuilder(measure + " per month, " + monthLabels.get(0) + " to "
                + monthLabels.get(monthLabels.size() - 1) + ". ");
        for (Map.Entry<String, long[]> seat : seats.entrySet()) {
            desc.append(seat.getKey()).append(": ").append(list(seat.getValue())).append(". ");
        }
        desc.append("Control seats' median: ").append(list(control.median())).append('.');
        return svg(id, title, desc.toString(), chart, TREND_WIDTH, 340);
    }

    /**
     * The evaluation's difference-in-differences for one metric, one point per cohort with its 95%
     * interval, and a line at 0 (no difference).
     */
    public static Chart difference(String id, String title, String axisLabel, List<Scorecard.Estimate> estimates) {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        StringBuilder desc = new StringBuilder();
        for (Scorecard.Estimate e : estimates) {
            if (e.did() == null) {
                continue;
            }
            Double half = e.ciHigh() == null ? null : e.ciHigh() - e.did();
            data.add(e.did(), half, "difference", "Cohort " + e.cohort());
            desc.append("Cohort ").append(e.cohort()).append(": ").append(Formats.signed(e.did()));
            if (e.ciLow() != null) {
                desc.append(" (95% interval ").append(Formats.signed(e.ciLow())).append(" to ")
                        .append(Formats.signed(e.ciHigh())).append(")");
            }
            desc.append(". ");
        }
        CategoryAxis x = new CategoryAxis(null);
        NumberAxis y = new NumberAxis(axisLabel);
        y.setAutoRangeIncludesZero(true);
        StatisticalLineAndShapeRenderer renderer = new StatisticalLineAndShapeRenderer(false, true);
        renderer.setSeriesPaint(0, BLUE);
        renderer.setErrorIndicatorPaint(BLUE);
        renderer.setErrorIndicatorStroke(new BasicStroke(2.5f));
        renderer.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-5, -5, 10, 10));
        CategoryPlot plot = new CategoryPlot(data, x, y, renderer);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
        ValueMarker zero = new ValueMarker(0, BLACK, new BasicStroke(1.2f));
        plot.addRangeMarker(zero);
        style(plot);
        // room either side of 0 so an interval touching it stays readable
        double low = 0;
        double high = 0;
        for (Scorecard.Estimate e : estimates) {
            low = Math.min(low, e.ciLow() != null ? e.ciLow() : e.did() != null ? e.did() : 0);
            high = Math.max(high, e.ciHigh() != null ? e.ciHigh() : e.did() != null ? e.did() : 0);
        }
        double pad = Math.max((high - low) * 0.1, 0.1);
        y.setRange(low - pad, high + pad);
        JFreeChart chart = chart(title, plot, false);
        return svg(id, title, desc.length() == 0 ? "No estimate." : desc.toString().trim(), chart, DIFFERENCE_WIDTH,
                110 + 36 * Math.max(1, data.getColumnCount()));
    }

    /**
     * The event study of one cohort and metric (pilot_event_study): the pilot-minus-control difference
     * month by month from 12 months before the start, normalised to the mean of the pre-period, with a
     * line at 0 and a dashed line where the pilot began (event month 0), so the pre-period is visible
     * beside the verdict: before the start the points should scatter around 0 with no trend.
     *
     * @param points one cohort and metric's rows, any order; a point with no difference (a group without data) is left out
     */
    public static Chart eventStudy(String id, String title, String measure, List<Scorecard.EventStudyPoint> points) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries before = new XYSeries("Before the pilot", true, false);
        XYSeries after = new XYSeries("Since the pilot began", true, false);
        StringBuilder desc = new StringBuilder("Pilot minus control seats, " + measure
                + " per month, relative to the year before the pilot (its mean set to 0), by months from the start: ");
        List<Scorecard.EventStudyPoint> sorted = new ArrayList<>(points);
        sorted.sort(java.util.Comparator.comparingInt(Scorecard.EventStudyPoint::eventMonth));
        for (Scorecard.EventStudyPoint p : sorted) {
            if (p.difference() == null) {
                continue;
            }
            (p.eventMonth() < 0 ? before : after).add(p.eventMonth(), p.difference());
            desc.append(p.eventMonth() < 0 ? "\u2212" + -p.eventMonth() : String.valueOf(p.eventMonth())).append(": ")
                    .append(Formats.signed(p.difference())).append("; ");
        }
        data.addSeries(before);
        data.addSeries(after);
        NumberAxis x = new NumberAxis("Months from the start of the pilot");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits(Locale.UK));
        x.setAutoRangeIncludesZero(true);
        NumberAxis y = new NumberAxis("Pilot minus control, " + measure + " per month");
        y.setAutoRangeIncludesZero(true);
        XYPlot plot = new XYPlot(data, x, y, null);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, SKY_BLUE);
        renderer.setSeriesPaint(1, BLUE);
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        renderer.setSeriesStroke(1, new BasicStroke(2.2f));
        renderer.setSeriesShape(0, new java.awt.geom.Rectangle2D.Double(-4, -4, 8, 8));
        renderer.setSeriesShape(1, new java.awt.geom.Ellipse2D.Double(-4, -4, 8, 8));
        plot.setRenderer(renderer);
        plot.addRangeMarker(new ValueMarker(0, BLACK, new BasicStroke(1.2f)));
        plot.addDomainMarker(new ValueMarker(-0.5, BAND, new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f)));
        style(plot);
        JFreeChart chart = chart(title, plot, true);
        String text = before.getItemCount() + after.getItemCount() == 0 ? "No months with data."
                : desc.substring(0, desc.length() - 2) + ".";
        return svg(id, title, text, chart, WIDE, 340);
    }

    /** Horizontal bars in percent with a marker at 100% (the target), one group per category. */
    public static Chart percentBars(String id, String title, String categoryLabel, String valueLabel,
                                    List<String> categories, List<String> seriesNames, List<List<Double>> values,
                                    Double targetLine) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        StringBuilder desc = new StringBuilder();
        for (int c = 0; c < categories.size(); c++) {
            desc.append(categories.get(c)).append(": ");
            for (int s = 0; s < seriesNames.size(); s++) {
                Double v = values.get(s).get(c);
                data.addValue(v == null ? null : v * 100, seriesNames.get(s), categories.get(c));
                desc.append(s > 0 ? ", " : "").append(seriesNames.get(s)).append(" ").append(v == null ? "not shown" : Formats.percent(v));
            }
            desc.append(". ");
        }
        NumberAxis y = new NumberAxis(valueLabel);
        y.setNumberFormatOverride(new DecimalFormat("#,##0'%'"));
        y.setAutoRangeIncludesZero(true);
        CategoryPlot plot = bars(data, categoryLabel, y);
        if (targetLine != null) {
            ValueMarker target = new ValueMarker(targetLine * 100, BLACK, new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_ROUND, 1f, new float[] {5f, 3f}, 0f));
            target.setLabel("target");
            target.setLabelFont(new Font(FONT, Font.PLAIN, 12));
            target.setLabelOffset(new RectangleInsets(2, 4, 2, 4));
            target.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_LEFT);
            target.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_RIGHT);
            plot.addRangeMarker(target);
            y.setUpperMargin(0.12);
        }
        JFreeChart chart = chart(title, plot, seriesNames.size() > 1);
        return svg(id, title, desc.toString().trim(), chart, WIDE, barHeight(categories.size(), seriesNames.size()));
    }

    /** Horizontal bars of a count (hours), largest first as given. */
    public static Chart countBars(String id, String title, String categoryLabel, String valueLabel,
                                  List<String> categories, List<Double> values) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        StringBuilder desc = new StringBuilder();
        for (int c = 0; c < categories.size(); c++) {
            data.addValue(values.get(c), valueLabel, categories.get(c));
            desc.append(categories.get(c)).append(": ").append(Formats.decimal(values.get(c), 1)).append(". ");
        }
        NumberAxis y = new NumberAxis(valueLabel);
        y.setNumberFormatOverride(NumberFormat.getIntegerInstance(Locale.UK));
        CategoryPlot plot = bars(data, categoryLabel, y);
        JFreeChart chart = chart(title, plot, false);
        return svg(id, title, desc.toString().trim(), chart, WIDE, barHeight(categories.size(), 1));
    }

    private static int barHeight(int categories, int series) {
        return 110 + Math.max(1, categories) * (12 + 13 * series);
    }

    private static CategoryPlot bars(DefaultCategoryDataset data, String categoryLabel, NumberAxis y) {
        CategoryAxis x = new CategoryAxis(categoryLabel);
        x.setMaximumCategoryLabelWidthRatio(0.35f);
        x.setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
        BarRenderer renderer = new BarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.05);
        renderer.setDrawBarOutline(false);
        for (int i = 0; i < SERIES.length; i++) {
            renderer.setSeriesPaint(i, i == 0 ? BLUE : i == 1 ? ORANGE : SERIES[i]);
        }
        CategoryPlot plot = new CategoryPlot(data, x, y, renderer);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
        style(plot);
        return plot;
    }

    private static void style(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setRangeGridlineStroke(new BasicStroke(0.8f));
        plot.setDomainGridlineStroke(new BasicStroke(0.8f));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        fonts(plot.getDomainAxis());
        fonts(plot.getRangeAxis());
    }

    private static void style(CategoryPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setRangeGridlinePaint(GRID);
        plot.setRangeGridlineStroke(new BasicStroke(0.8f));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        fonts(plot.getDomainAxis());
        fonts(plot.getRangeAxis());
    }

    private static void fonts(org.jfree.chart.axis.Axis axis) {
        axis.setLabelFont(new Font(FONT, Font.PLAIN, 13));
        axis.setTickLabelFont(new Font(FONT, Font.PLAIN, 12));
        axis.setLabelPaint(new Color(0x333333));
        axis.setTickLabelPaint(new Color(0x333333));
    }

    private static JFreeChart chart(String title, org.jfree.chart.plot.Plot plot, boolean legend) {
        JFreeChart chart = new JFreeChart(title, new Font(FONT, Font.BOLD, 15), plot, legend);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        TextTitle t = chart.getTitle();
        t.setHorizontalAlignment(org.jfree.chart.ui.HorizontalAlignment.LEFT);
        t.setPaint(new Color(0x222222));
        t.setMargin(new RectangleInsets(4, 8, 8, 4));
        LegendTitle l = chart.getLegend();
        if (l != null) {
            l.setPosition(RectangleEdge.BOTTOM);
            l.setFrame(BlockBorder.NONE);
            l.setItemFont(new Font(FONT, Font.PLAIN, 12));
        }
        chart.setPadding(new RectangleInsets(4, 4, 4, 12));
        return chart;
    }

    /** Draws the chart to an svg element and gives it role="img", a title and a desc (its text alternative). */
    private static Chart svg(String id, String title, String description, JFreeChart chart, int width, int height) {
        // the id stands unescaped in the svg's attributes (id, aria-labelledby, its defs' keys)
        if (!id.matches("[A-Za-z0-9-]+")) {
            throw new IllegalArgumentException("a chart's id is letters, digits and hyphens only, not \"" + id + "\"");
        }
        SVGGraphics2D g2 = new SVGGraphics2D(width, height);
        g2.setDefsKeyPrefix(id + "-");
        chart.draw(g2, new Rectangle(0, 0, width, height));
        String svg = g2.getSVGElement(id, false, new ViewBox(0, 0, width, height), null, null);
        int open = svg.indexOf('>', svg.indexOf("<svg")) ;
        String head = svg.substring(0, open);
        String accessible = head + " role=\"img\" aria-labelledby=\"" + id + "-title " + id + "-desc\">"
                + "<title id=\"" + id + "-title\">" + Html.escape(title) + "</title>"
                + "<desc id=\"" + id + "-desc\">" + Html.escape(description) + "</desc>"
                + svg.substring(open + 1);
        return new Chart(id, title, description, new Svg(accessible));
    }

    private static String list(long[] values) {
        List<String> out = new ArrayList<>();
        for (long v : values) {
            out.add(v == Long.MIN_VALUE ? "no data" : Formats.count(v));
        }
        return String.join(", ", out);
    }

    private static String list(double[] values) {
        List<String> out = new ArrayList<>();
        for (double v : values) {
            out.add(Double.isNaN(v) ? "no data" : Formats.decimal(v, 1));
        }
        return String.join(", ", out);
    }
}
