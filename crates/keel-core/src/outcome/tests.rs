#![allow(clippy::unwrap_used, clippy::expect_used)]

use jiff::civil::date;

use super::*;

/// A made-up questionnaire of the licensed ones' shape: four items, the
/// last two a subscale, bands on the total and the subscale.
pub const MADE_UP: &str = r#"# Made-up test questionnaire (not a real instrument)
format = 1
id = "demo-back"
name = "Demo Back Questionnaire"

[scoring]
formula = "sum"
better = "lower"
max_missing = 1
mcid = 2.0
mcid_source = "made up for the tests"

[[scoring.subscales]]
name = "worry"
items = [3, 4]

[[scoring.bands]]
label = "high"
subscale = "worry"
min = 3.0

[[scoring.bands]]
label = "low"
max = 2.0

[[scoring.bands]]
label = "medium"

[[items]]
text = "Walking is hard"
options = [{ text = "No", points = 0 }, { text = "Yes", points = 1 }]

[[items]]
text = "Sitting is hard"
options = [{ text = "No", points = 0 }, { text = "Yes", points = 1 }]

[[items]]
text = "I worry about my back"
options = [{ text = "No", points = 0 }, { text = "Some", points = 1 }, { text = "A lot", points = 2 }]

[[items]]
text = "It is not safe to move"
options = [{ text = "No", points = 0 }, { text = "Yes", points = 1 }]
"#;

#[test]
fn nprs_scores_the_rating_and_refuses_out_of_range() {
    let o = nprs(date(2026, 1, 5), Some(6)).unwrap();
    assert_eq!(o.score, 6.0);
    assert_eq!(o.instrument, NPRS);
    assert!(o.validate().is_ok());
    assert!(nprs(date(2026, 1, 5), Some(11)).is_err());
    assert!(nprs(date(2026, 1, 5), None).is_err());
    assert!(parse_rating("pain", "eleven").is_err());
}

#[test]
fn psfs_scores_the_average_and_checks_activities() {
    let d = date(2026, 1, 5);
    let o = psfs(
        d,
        &[
            ("sitting in the car".into(), 3),
            ("lifting my child".into(), 4),
            ("running".into(), 2),
        ],
    )
    .unwrap();
    assert!((o.score - 3.0).abs() < 1e-9);
    assert_eq!(o.points_of("running"), Some(2));
    assert!(o.validate().is_ok());
    assert!(psfs(d, &[]).is_err());
    let six: Vec<(String, u8)> = (0..6).map(|i| (format!("a{i}"), 5)).collect();
    assert!(psfs(d, &six).is_err());
    let twice = psfs(d, &[("Running".into(), 2), ("running".into(), 3)]).unwrap_err();
    assert_eq!(twice.field, "activity 2");
    assert!(psfs(d, &[(" ".into(), 2)]).is_err());
    assert!(psfs(d, &[("x".into(), 11)]).is_err());
    assert_eq!(
        parse_activity("--activity", "bending over = 7").unwrap(),
        ("bending over".to_string(), 7)
    );
    assert!(parse_activity("--activity", "bending over").is_err());
}

#[test]
fn a_tampered_outcome_does_not_validate() {
    let mut o = psfs(date(2026, 1, 5), &[("run".into(), 4)]).unwrap();
    o.score = 9.0;
    assert!(o.validate().is_err());
    let mut p = nprs(date(2026, 1, 5), Some(3)).unwrap();
    p.answers[0].points = Some(12);
    assert!(p.validate().is_err());
}

#[test]
fn made_up_questionnaire_scores_sum_subscale_and_band() {
    let q = Questionnaire::parse(MADE_UP).unwrap();
    assert_eq!(q.id, "demo-back");
    assert_eq!(q.items.len(), 4);
    let d = date(2026, 2, 1);
    // Yes, No, A lot, Yes: 1 + 0 + 2 + 1 = 4; worry 3 -> high.
    let o = q.score(d, &[Some(2), Some(1), Some(3), Some(2)]).unwrap();
    assert_eq!(o.score, 4.0);
    assert_eq!(o.subscores[0].score, 3.0);
    assert_eq!(o.band.as_deref(), Some("high"));
    assert_eq!(o.answers[2].points, Some(2));
    assert_eq!(o.answers[2].option, Some(3));
    // One item may be skipped.
    let low = q.score(d, &[Some(1), None, Some(1), Some(1)]).unwrap();
    assert_eq!(low.score, 0.0);
    assert_eq!(low.band.as_deref(), Some("low"));
    assert!(q.score(d, &[None, None, Some(1), Some(1)]).is_err());
    assert!(q.score(d, &[Some(1), Some(1), Some(1)]).is_err());
    let bad = q
        .score(d, &[Some(1), Some(3), Some(1), Some(1)])
        .unwrap_err();
    assert_eq!(bad.field, "item 2");
    assert_eq!(
        q.parse_choices("2, 1,-,2").unwrap(),
        vec![Some(2), Some(1), None, Some(2)]
    );
    assert!(q.parse_choices("2,x").is_err());
}

#[test]
fn percent_formula_scores_answered_items_only() {
    let text = MADE_UP.replace("formula = \"sum\"", "formula = \"percent\"");
    let q = Questionnaire::parse(&text).unwrap();
    // Items 1, 3, 4 answered: most 1 + 2 + 1 = 4; points 1 + 1 + 0 = 2 -> 50%.
    let o = q
        .score(date(2026, 2, 1), &[Some(2), None, Some(2), Some(1)])
        .unwrap();
    assert!((o.score - 50.0).abs() < 1e-9);
}

fn refused(text: &str) -> DefinitionError {
    Questionnaire::parse(text).unwrap_err()
}

#[test]
fn malformed_files_are_refused_with_line_and_field() {
    let e = refused(&MADE_UP.replace("format = 1", "format = 2"));
    assert_eq!((e.line, e.field.as_str()), (2, "format"));

    let e = refused(&MADE_UP.replace("id = \"demo-back\"", "id = \"Demo Back\""));
    assert_eq!((e.line, e.field.as_str()), (3, "id"));

    let e = refused(&MADE_UP.replace("id = \"demo-back\"", "id = \"psfs\""));
    assert_eq!(e.field, "id");

    // A misspelt key: the TOML reader names it and its line.
    let e = refused(&MADE_UP.replace("better = \"lower\"", "beter = \"lower\""));
    assert_eq!(e.line, 8);
    assert!(e.field.contains("beter"), "{e}");

    // Points that are not a small whole number.
    let e = refused(&MADE_UP.replace(
        "{ text = \"Some\", points = 1 }",
        "{ text = \"Some\", points = -1 }",
    ));
    assert_eq!(e.line, 39, "{e}");

    // An item with one option.
    let e = refused(&MADE_UP.replace(
        "options = [{ text = \"No\", points = 0 }, { text = \"Yes\", points = 1 }]\n\n[[items]]\ntext = \"Sitting",
        "options = [{ text = \"No\", points = 0 }]\n\n[[items]]\ntext = \"Sitting",
    ));
    assert_eq!(e.field, "items[1].options");
    assert_eq!(e.line, 31, "{e}");

    // An empty item text.
    let e = refused(&MADE_UP.replace("text = \"Sitting is hard\"", "text = \"\""));
    assert_eq!((e.line, e.field.as_str()), (34, "items[2].text"));

    // A subscale naming an item that does not exist.
    let e = refused(&MADE_UP.replace("items = [3, 4]", "items = [3, 9]"));
    assert_eq!(e.field, "scoring");
    assert_eq!(e.line, 6, "{e}");
    assert!(e.message.contains("item 9"));

    // No scoring at all.
    let start = MADE_UP.find("[scoring]").unwrap();
    let end = MADE_UP.find("[[items]]").unwrap();
    let e = refused(&format!("{}{}", &MADE_UP[..start], &MADE_UP[end..]));
    assert_eq!(e.field, "scoring");

    // Not TOML at all.
    let e = refused("format = 1\nid = \"x\"\nname = \n");
    assert_eq!(e.line, 3);

    let as_input: InputError = refused(&MADE_UP.replace("format = 1", "format = 2")).into();
    assert_eq!(as_input.field, "line 2, format");
}

#[test]
fn builtin_rules_are_data_and_check_a_loaded_file() {
    let rules = builtin_rules();
    let ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["odi", "rmdq", "startback"]);
    let odi = &rules[0];
    assert_eq!((odi.item_count, odi.points_max), (10, 5));
    assert_eq!(odi.scoring.formula, Formula::Percent);
    assert_eq!(rules[1].item_count, 24);
    assert_eq!(rules[2].scoring.subscales[0].items, [5, 6, 7, 8, 9]);

    // A made-up nine-item file scored by the STarT Back rule.
    let mut text = String::from(
        "format = 1\nid = \"sb-demo\"\nname = \"Nine made-up items\"\nrule = \"startback\"\n",
    );
    for i in 1..=9 {
        text.push_str(&format!(
            "\n[[items]]\ntext = \"Made-up statement {i}\"\noptions = [{{ text = \"Disagree\", points = 0 }}, {{ text = \"Agree\", points = 1 }}]\n"
        ));
    }
    let q = Questionnaire::parse(&text).unwrap();
    assert_eq!(q.rule.as_deref(), Some("startback"));
    let d = date(2026, 3, 1);
    let all_agree = q.score(d, &[Some(2); 9]).unwrap();
    assert_eq!(all_agree.score, 9.0);
    assert_eq!(all_agree.band.as_deref(), Some("high risk"));
    let two = q
        .score(
            d,
            &[
                Some(2),
                Some(2),
                Some(1),
                Some(1),
                Some(1),
                Some(1),
                Some(1),
                Some(1),
                Some(1),
            ],
        )
        .unwrap();
    assert_eq!(two.band.as_deref(), Some("low risk"));
    let medium = q
        .score(
            d,
            &[
                Some(2),
                Some(2),
                Some(2),
                Some(1),
                Some(2),
                Some(1),
                Some(1),
                Some(1),
                Some(1),
            ],
        )
        .unwrap();
    assert_eq!(medium.band.as_deref(), Some("medium risk"));

    // Eight items for a nine-item rule: refused at the last item.
    let cut = text.rfind("\n[[items]]").unwrap();
    let e = refused(&text[..cut]);
    assert_eq!(e.field, "items");
    // Options scoring 0-2 where the rule says 0-1.
    let e = refused(&text.replacen("points = 1 }]", "points = 2 }]", 1));
    assert_eq!(e.field, "items[1].options");
    assert_eq!(e.line, 8);
    let e = refused(&text.replace("rule = \"startback\"", "rule = \"sf36\""));
    assert_eq!((e.line, e.field.as_str()), (4, "rule"));
}

#[test]
fn trends_mark_the_minimal_important_change() {
    let d1 = date(2026, 1, 5);
    let d2 = date(2026, 2, 2);
    let d3 = date(2026, 3, 2);
    let outcomes = vec![
        nprs(d2, Some(5)).unwrap(),
        nprs(d1, Some(6)).unwrap(),
        nprs(d3, Some(3)).unwrap(),
        psfs(d1, &[("sitting".into(), 3), ("lifting".into(), 4)]).unwrap(),
        psfs(
            d3,
            &[
                ("sitting".into(), 6),
                ("lifting".into(), 5),
                ("running".into(), 2),
            ],
        )
        .unwrap(),
    ];
    let all = trends(&outcomes, &[]);
    assert_eq!(all.len(), 2);
    let pain = &all[0];
    assert_eq!(pain.instrument, NPRS);
    assert_eq!(pain.points.len(), 3);
    assert_eq!(pain.points[0].date, d1);
    let one = pain.points[1].change.as_ref().unwrap();
    assert!(
        one.improved && !one.meaningful,
        "6 -> 5 is less than 2 points"
    );
    let three = pain.points[2].change.as_ref().unwrap();
    assert!(
        three.improved && three.meaningful,
        "6 -> 3 is at least 2 points"
    );
    assert!(pain.mcid.source.as_deref().unwrap().contains("Childs"));

    let function = &all[1];
    assert_eq!(function.instrument, PSFS);
    // Average 3.5 -> 4.33: less than 2 points.
    let avg = function.points[1].change.as_ref().unwrap();
    assert!(avg.improved && !avg.meaningful);
    // Sitting 3 -> 6 is 3 points on one activity; lifting 4 -> 5 is not;
    // running was first rated in the latest taking, so it has no change.
    assert_eq!(function.items.len(), 2);
    let sitting = function.items.iter().find(|i| i.item == "sitting").unwrap();
    assert!(sitting.change.meaningful && sitting.change.improved);
    let lifting = function.items.iter().find(|i| i.item == "lifting").unwrap();
    assert!(!lifting.change.meaningful);

    // A loaded questionnaire's own mcid; worse is not improved.
    let q = Questionnaire::parse(MADE_UP).unwrap();
    let taken = vec![
        q.score(d1, &[Some(1), Some(1), Some(1), Some(1)]).unwrap(),
        q.score(d2, &[Some(2), Some(2), Some(2), Some(1)]).unwrap(),
    ];
    let t = trend("demo-back", &taken, std::slice::from_ref(&q)).unwrap();
    assert_eq!(t.name, "Demo Back Questionnaire");
    let c = t.points[1].change.as_ref().unwrap();
    assert!(c.meaningful && !c.improved);
}
