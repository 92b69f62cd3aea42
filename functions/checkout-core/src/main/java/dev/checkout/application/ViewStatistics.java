package dev.checkout.application;

import dev.checkout.domain.Actor;
import dev.checkout.domain.DailyStatistics;
import dev.checkout.domain.StatisticsCounter;
import dev.checkout.domain.StatisticsReport;
import dev.checkout.domain.ValidationException;
import dev.checkout.port.OrderStatisticsStore;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Map;

/** The order statistics of a range of days, for admins. */
public final class ViewStatistics {
    /** The longest range one request may ask for (about a quarter). */
    public static final int MAX_DAYS = 92;

    private final OrderStatisticsStore store;

    public ViewStatistics(OrderStatisticsStore store) {
        this.store = store;
    }

    /**
     * @param from the first day, {@code YYYY-MM-DD} (UTC)
     * @param to the last day, {@code YYYY-MM-DD}, not before {@code from}, at most {@value #MAX_DAYS} days in all
     * @throws dev.checkout.domain.ForbiddenException when the actor is not an admin
     * @throws ValidationException when a day is missing or malformed, or the range is backwards or too long
     */
    public StatisticsReport report(Actor actor, String from, String to) {
        actor.requireAdmin();
        LocalDate first = day("from", from);
        LocalDate last = day("to", to);
        if (last.isBefore(first)) {
            throw new ValidationException("to (" + last + ") must not be before from (" + first + ")");
        }
        long span = ChronoUnit.DAYS.between(first, last) + 1;
        if (span > MAX_DAYS) {
            throw new ValidationException("the range may cover at most " + MAX_DAYS + " days, was " + span);
        }
        Map<LocalDate, Map<StatisticsCounter, Long>> stored = store.days(first, last);
        var days = new ArrayList<DailyStatistics>();
        DailyStatistics totals = new DailyStatistics(first, Map.of());
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            DailyStatistics figures = new DailyStatistics(day, stored.getOrDefault(day, Map.of()));
            days.add(figures);
            totals = totals.plus(figures);
        }
        return new StatisticsReport(first, last, days, totals, store.statusTotals());
    }

    private static LocalDate day(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new ValidationException(name + " is required, a day as YYYY-MM-DD");
        }
        if (!value.matches("\\d{4}-\\d{2}-\\d{2}")) {
            throw new ValidationException(name + " must be a day as YYYY-MM-DD, was '" + value + "'");
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new ValidationException(name + " is not a day of the calendar: '" + value + "'", e);
        }
    }
}
