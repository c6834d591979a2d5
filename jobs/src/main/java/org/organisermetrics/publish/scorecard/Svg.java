package org.organisermetrics.publish.scorecard;

import gg.jte.Content;
import gg.jte.TemplateOutput;

/**
 * A chart's svg element as {@link Charts} draws it: the one kind of value the scorecard's templates insert as
 * markup (every other {@code ${...}} is escaped). Only this package can make one, from JFreeSVG's output.
 */
public final class Svg implements Content {
    private final String markup;

    Svg(String markup) {
        this.markup = markup;
    }

    @Override
    public void writeTo(TemplateOutput output) {
        output.writeContent(markup);
    }

    /** The svg element's markup. */
    public String markup() {
        return markup;
    }
}
