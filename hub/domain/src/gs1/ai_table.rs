//! The GS1 Application Identifier table: every AI in the GS1 General Specifications (release
//! 24, §3.2), with its predefined-length flag (figure 7.8.5-2) and the format of its value.
//!
//! Checked here: length, character set, check digits and YYMMDD dates. Not checked: code lists
//! (ISO 3166 countries, ISO 4217 currencies), coordinates, coupon internals; GS1.md asks the
//! parser to reject only what breaks GS1, and the product group's rules decide the rest.
//! Entries are in lexical order of their AI.

use super::ai::{CharSet, Entry, Part, Rule};

/// No GS (FNC1) needed after the value.
const PRE: bool = true;
/// A GS (FNC1) ends the value unless it is the last.
const SEP: bool = false;

const fn part(set: CharSet, min: u8, max: u8) -> Part {
    Part {
        set,
        min,
        max,
        optional: false,
        rule: Rule::None,
    }
}

/// `N<len>`.
const fn n(len: u8) -> Part {
    part(CharSet::Numeric, len, len)
}

/// `N..<max>`.
const fn nv(max: u8) -> Part {
    part(CharSet::Numeric, 1, max)
}

/// `X<len>`.
const fn xf(len: u8) -> Part {
    part(CharSet::Cset82, len, len)
}

/// `X..<max>`.
const fn x(max: u8) -> Part {
    part(CharSet::Cset82, 1, max)
}

/// `N<len>,csum`.
const fn csum(len: u8) -> Part {
    Part {
        rule: Rule::CheckDigit,
        ..n(len)
    }
}

/// `N6,yymmd0` (day 00 allowed); with `len` 8 the date is followed by the hour.
const fn date0(len: u8) -> Part {
    Part {
        rule: Rule::Date { day_zero: true },
        ..n(len)
    }
}

/// `N6,yymmdd`.
const fn date() -> Part {
    Part {
        rule: Rule::Date { day_zero: false },
        ..n(6)
    }
}

/// `[part]`: an optional last component.
const fn opt(p: Part) -> Part {
    Part {
        optional: true,
        ..p
    }
}

const fn e(
    first: &'static str,
    last: &'static str,
    predefined: bool,
    parts: &'static [Part],
    title: &'static str,
) -> Entry {
    Entry {
        first,
        last,
        predefined,
        parts,
        title,
    }
}

/// A measure `<prefix>0`..`<prefix>5`: six digits, the last AI digit placing the decimal point.
const fn measure(first: &'static str, last: &'static str, title: &'static str) -> Entry {
    e(first, last, PRE, SIX_DIGITS, title)
}

const SIX_DIGITS: &[Part] = &[n(6)];

pub(super) const TABLE: &[Entry] = &[
    e("00", "00", PRE, &[csum(18)], "SSCC"),
    e("01", "01", PRE, &[csum(14)], "GTIN"),
    e("02", "02", PRE, &[csum(14)], "CONTENT"),
    e("10", "10", SEP, &[x(20)], "BATCH/LOT"),
    e("11", "11", PRE, &[date0(6)], "PROD DATE"),
    e("12", "12", PRE, &[date0(6)], "DUE DATE"),
    e("13", "13", PRE, &[date0(6)], "PACK DATE"),
    e("15", "15", PRE, &[date0(6)], "BEST BEFORE or BEST BY"),
    e("16", "16", PRE, &[date0(6)], "SELL BY"),
    e("17", "17", PRE, &[date0(6)], "USE BY or EXPIRY"),
    e("20", "20", PRE, &[n(2)], "VARIANT"),
    e("21", "21", SEP, &[x(20)], "SERIAL"),
    e("22", "22", SEP, &[x(20)], "CPV"),
    e("235", "235", SEP, &[x(28)], "TPX"),
    e("240", "240", SEP, &[x(30)], "ADDITIONAL ID"),
    e("241", "241", SEP, &[x(30)], "CUST. PART No."),
    e("242", "242", SEP, &[nv(6)], "MTO VARIANT"),
    e("243", "243", SEP, &[x(20)], "PCN"),
    e("250", "250", SEP, &[x(30)], "SECONDARY SERIAL"),
    e("251", "251", SEP, &[x(30)], "REF. TO SOURCE"),
    e("253", "253", SEP, &[csum(13), opt(x(17))], "GDTI"),
    e("254", "254", SEP, &[x(20)], "GLN EXTENSION COMPONENT"),
    e("255", "255", SEP, &[csum(13), opt(nv(12))], "GCN"),
    e("30", "30", SEP, &[nv(8)], "VAR. COUNT"),
    measure("3100", "3105", "NET WEIGHT (kg)"),
    measure("3110", "3115", "LENGTH (m)"),
    measure("3120", "3125", "WIDTH (m)"),
    measure("3130", "3135", "HEIGHT (m)"),
    measure("3140", "3145", "AREA (m2)"),
    measure("3150", "3155", "NET VOLUME (l)"),
    measure("3160", "3165", "NET VOLUME (m3)"),
    measure("3200", "3205", "NET WEIGHT (lb)"),
    measure("3210", "3215", "LENGTH (in)"),
    measure("3220", "3225", "LENGTH (ft)"),
    measure("3230", "3235", "LENGTH (yd)"),
    measure("3240", "3245", "WIDTH (in)"),
    measure("3250", "3255", "WIDTH (ft)"),
    measure("3260", "3265", "WIDTH (yd)"),
    measure("3270", "3275", "HEIGHT (in)"),
    measure("3280", "3285", "HEIGHT (ft)"),
    measure("3290", "3295", "HEIGHT (yd)"),
    measure("3300", "3305", "GROSS WEIGHT (kg)"),
    measure("3310", "3315", "LENGTH (m), log"),
    measure("3320", "3325", "WIDTH (m), log"),
    measure("3330", "3335", "HEIGHT (m), log"),
    measure("3340", "3345", "AREA (m2), log"),
    measure("3350", "3355", "VOLUME (l), log"),
    measure("3360", "3365", "VOLUME (m3), log"),
    measure("3370", "3375", "KG PER m2"),
    measure("3400", "3405", "GROSS WEIGHT (lb)"),
    measure("3410", "3415", "LENGTH (in), log"),
    measure("3420", "3425", "LENGTH (ft), log"),
    measure("3430", "3435", "LENGTH (yd), log"),
    measure("3440", "3445", "WIDTH (in), log"),
    measure("3450", "3455", "WIDTH (ft), log"),
    measure("3460", "3465", "WIDTH (yd), log"),
    measure("3470", "3475", "HEIGHT (in), log"),
    measure("3480", "3485", "HEIGHT (ft), log"),
    measure("3490", "3495", "HEIGHT (yd), log"),
    measure("3500", "3505", "AREA (in2)"),
    measure("3510", "3515", "AREA (ft2)"),
    measure("3520", "3525", "AREA (yd2)"),
    measure("3530", "3535", "AREA (in2), log"),
    measure("3540", "3545", "AREA (ft2), log"),
    measure("3550", "3555", "AREA (yd2), log"),
    measure("3560", "3565", "NET WEIGHT (troy oz)"),
    measure("3570", "3575", "NET VOLUME (oz)"),
    measure("3600", "3605", "NET VOLUME (qt)"),
    measure("3610", "3615", "NET VOLUME (gal.)"),
    measure("3620", "3625", "VOLUME (qt), log"),
    measure("3630", "3635", "VOLUME (gal.), log"),
    measure("3640", "3645", "VOLUME (in3)"),
    measure("3650", "3655", "VOLUME (ft3)"),
    measure("3660", "3665", "VOLUME (yd3)"),
    measure("3670", "3675", "VOLUME (in3), log"),
    measure("3680", "3685", "VOLUME (ft3), log"),
    measure("3690", "3695", "VOLUME (yd3), log"),
    e("37", "37", SEP, &[nv(8)], "COUNT"),
    e("3900", "3909", SEP, &[nv(15)], "AMOUNT"),
    e(
        "3910",
        "3919",
        SEP,
        &[n(3), nv(15)],
        "AMOUNT (ISO currency)",
    ),
    e("3920", "3929", SEP, &[nv(15)], "PRICE"),
    e("3930", "3939", SEP, &[n(3), nv(15)], "PRICE (ISO currency)"),
    e("3940", "3943", SEP, &[n(4)], "PRCNT OFF"),
    e("3950", "3955", SEP, &[n(6)], "PRICE/UoM"),
    e("400", "400", SEP, &[x(30)], "ORDER NUMBER"),
    e("401", "401", SEP, &[x(30)], "GINC"),
    e("402", "402", SEP, &[csum(17)], "GSIN"),
    e("403", "403", SEP, &[x(30)], "ROUTE"),
    e("410", "410", PRE, &[csum(13)], "SHIP TO LOC"),
    e("411", "411", PRE, &[csum(13)], "BILL TO"),
    e("412", "412", PRE, &[csum(13)], "PURCHASE FROM"),
    e("413", "413", PRE, &[csum(13)], "SHIP FOR LOC"),
    e("414", "414", PRE, &[csum(13)], "LOC No."),
    e("415", "415", PRE, &[csum(13)], "PAY TO"),
    e("416", "416", PRE, &[csum(13)], "PROD/SERV LOC"),
    e("417", "417", PRE, &[csum(13)], "PARTY"),
    e("420", "420", SEP, &[x(20)], "SHIP TO POST"),
    e(
        "421",
        "421",
        SEP,
        &[n(3), x(9)],
        "SHIP TO POST (ISO country)",
    ),
    e("422", "422", SEP, &[n(3)], "ORIGIN"),
    e("423", "423", SEP, &[nv(15)], "COUNTRY - INITIAL PROCESS"),
    e("424", "424", SEP, &[n(3)], "COUNTRY - PROCESS"),
    e("425", "425", SEP, &[nv(15)], "COUNTRY - DISASSEMBLY"),
    e("426", "426", SEP, &[n(3)], "COUNTRY - FULL PROCESS"),
    e("427", "427", SEP, &[x(3)], "ORIGIN SUBDIVISION"),
    e("4300", "4301", SEP, &[x(35)], "SHIP TO COMP / NAME"),
    e("4302", "4306", SEP, &[x(70)], "SHIP TO ADDRESS"),
    e("4307", "4307", SEP, &[xf(2)], "SHIP TO COUNTRY"),
    e("4308", "4308", SEP, &[x(30)], "SHIP TO PHONE"),
    e("4309", "4309", SEP, &[n(10), n(10)], "SHIP TO GEO"),
    e("4310", "4311", SEP, &[x(35)], "RTN TO COMP / NAME"),
    e("4312", "4316", SEP, &[x(70)], "RTN TO ADDRESS"),
    e("4317", "4317", SEP, &[xf(2)], "RTN TO COUNTRY"),
    e("4318", "4318", SEP, &[x(20)], "RTN TO POST"),
    e("4319", "4319", SEP, &[x(30)], "RTN TO PHONE"),
    e("4320", "4320", SEP, &[x(35)], "SRV DESCRIPTION"),
    e(
        "4321",
        "4323",
        SEP,
        &[n(1)],
        "DANGEROUS GOODS / AUTH TO LEAVE / SIG REQUIRED",
    ),
    e(
        "4324",
        "4325",
        SEP,
        &[date0(6), n(4)],
        "NOT BEF / NOT AFT DEL DT",
    ),
    e("4326", "4326", SEP, &[date()], "REL DATE"),
    e("4330", "4333", SEP, &[n(6), opt(xf(1))], "MAX / MIN TEMP"),
    e("7001", "7001", SEP, &[n(13)], "NSN"),
    e("7002", "7002", SEP, &[x(30)], "MEAT CUT"),
    e("7003", "7003", SEP, &[date(), n(4)], "EXPIRY TIME"),
    e("7004", "7004", SEP, &[nv(4)], "ACTIVE POTENCY"),
    e("7005", "7005", SEP, &[x(12)], "CATCH AREA"),
    e("7006", "7006", SEP, &[date()], "FIRST FREEZE DATE"),
    e("7007", "7007", SEP, &[date(), opt(date())], "HARVEST DATE"),
    e("7008", "7008", SEP, &[x(3)], "AQUATIC SPECIES"),
    e("7009", "7009", SEP, &[x(10)], "FISHING GEAR TYPE"),
    e("7010", "7010", SEP, &[x(2)], "PROD METHOD"),
    e("7011", "7011", SEP, &[date(), opt(n(4))], "TEST BY DATE"),
    e("7020", "7020", SEP, &[x(20)], "REFURB LOT"),
    e("7021", "7021", SEP, &[x(20)], "FUNC STAT"),
    e("7022", "7022", SEP, &[x(20)], "REV STAT"),
    e("7023", "7023", SEP, &[x(30)], "GIAI - ASSEMBLY"),
    e("7030", "7039", SEP, &[n(3), x(27)], "PROCESSOR # s"),
    e("7040", "7040", SEP, &[n(1), xf(3)], "UIC+EXT"),
    e("710", "715", SEP, &[x(20)], "NHRN"),
    e("7230", "7239", SEP, &[xf(2), x(28)], "CERT # s"),
    e("7240", "7240", SEP, &[x(20)], "PROTOCOL"),
    e("7241", "7241", SEP, &[n(2)], "AIDC MEDIA TYPE"),
    e("7242", "7242", SEP, &[x(25)], "VCN"),
    e("8001", "8001", SEP, &[n(14)], "DIMENSIONS"),
    e("8002", "8002", SEP, &[x(20)], "CMT No."),
    e("8003", "8003", SEP, &[n(1), csum(13), opt(x(16))], "GRAI"),
    e("8004", "8004", SEP, &[x(30)], "GIAI"),
    e("8005", "8005", SEP, &[n(6)], "PRICE PER UNIT"),
    e("8006", "8006", SEP, &[csum(14), n(4)], "ITIP"),
    e("8007", "8007", SEP, &[x(34)], "IBAN"),
    e("8008", "8008", SEP, &[date0(8), opt(nv(4))], "PROD TIME"),
    e("8009", "8009", SEP, &[x(50)], "OPTSEN"),
    e("8010", "8010", SEP, &[part(CharSet::Cset39, 1, 30)], "CPID"),
    e("8011", "8011", SEP, &[nv(12)], "CPID SERIAL"),
    e("8012", "8012", SEP, &[x(20)], "VERSION"),
    e("8013", "8013", SEP, &[x(25)], "GMN"),
    e(
        "8017",
        "8018",
        SEP,
        &[csum(18)],
        "GSRN - PROVIDER / RECIPIENT",
    ),
    e("8019", "8019", SEP, &[nv(10)], "SRIN"),
    e("8020", "8020", SEP, &[x(25)], "REF No."),
    e("8026", "8026", SEP, &[csum(14), n(4)], "ITIP CONTENT"),
    e(
        "8030",
        "8030",
        SEP,
        &[part(CharSet::Cset64, 1, 90)],
        "DIGSIG",
    ),
    e("8110", "8110", SEP, &[x(70)], "Coupon code"),
    e("8111", "8111", SEP, &[n(4)], "POINTS"),
    e("8112", "8112", SEP, &[x(70)], "Positive offer coupon"),
    e("8200", "8200", SEP, &[x(70)], "PRODUCT URL"),
    e("90", "90", SEP, &[x(30)], "INTERNAL"),
    e("91", "99", SEP, &[x(90)], "INTERNAL"),
];
