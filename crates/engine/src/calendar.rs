//! Proleptic Gregorian calendar arithmetic in UTC: dates to day numbers and back.
//!
//! ```
//! use windowpane_engine::calendar::{civil_from_days, days_from_civil};
//! assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
//! ```

/// Milliseconds in a day.
pub const MS_PER_DAY: i64 = 86_400_000;

/// The first instant scenarios may use: 0000-01-01T00:00:00Z.
pub const MIN_TIME: i64 = -62_167_219_200_000;

/// The last instant scenarios may use: 9999-12-31T23:59:59.999Z.
pub const MAX_TIME: i64 = 253_402_300_799_999;

/// Whether `year` is a leap year in the proleptic Gregorian calendar.
pub fn is_leap_year(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in `month` (1..=12) of `year`.
pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap_year(year) => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 of the date `year-month-day` (month 1..=12, day 1..=31).
///
/// In range (no overflow) for every year of a [`crate::time::Timestamp`] (about ±2.9·10⁸, see
/// [`civil_from_days`]) and far beyond: `era * 146_097` leaves `i64` only past year ±2.5·10¹⁶.
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    // Count years from March so that the leap day is the last day of the counted year.
    let (y, m) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let era = y.div_euclid(400);
    let year_of_era = y.rem_euclid(400);
    let day_of_year = (153 * i64::from(m) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date `(year, month, day)` of a day number counted from 1970-01-01.
///
/// In range (no overflow) for every day number of a [`crate::time::Timestamp`]:
/// `t.div_euclid(MS_PER_DAY)` lies within ±1.07·10¹¹, where `days + 719_468` and `era * 400` are
/// far from the ends of `i64` (only days past `i64::MAX - 719_468` would overflow).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        assert_eq!(days_from_civil(0, 1, 1) * MS_PER_DAY, MIN_TIME);
        assert_eq!((days_from_civil(10_000, 1, 1)) * MS_PER_DAY - 1, MAX_TIME);
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(19_844), (2024, 5, 1));
    }

    #[test]
    fn round_trip_every_day_of_four_centuries() {
        let start = days_from_civil(1800, 1, 1);
        let mut expected = (1800, 1, 1);
        for d in start..start + 146_097 {
            assert_eq!(civil_from_days(d), expected);
            assert_eq!(days_from_civil(expected.0, expected.1, expected.2), d);
            let (y, m, day) = expected;
            expected = if day < days_in_month(y, m) {
                (y, m, day + 1)
            } else if m < 12 {
                (y, m + 1, 1)
            } else {
                (y + 1, 1, 1)
            };
        }
    }
}
