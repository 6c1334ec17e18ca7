//! What differs inside links, the key-differences list, more than two
//! sources, and articles that quote several readouts (`--split-sources`).

use super::{assert_invariants, compare_json, find_point, parallax, seed_path, stderr, TempDir};
use serde_json::Value;

/// A Norwegian and a Chilean readout of one call (our own writing): the same
/// four subjects, with a decision against a discussion, 300 against 250
/// students, "did not agree" against "agreed", and one point told alike.
const NORWAY: &str = "\
Readout of the call between the Foreign Ministers of Norway and Chile
12 May 2026
The ministers agreed to open a direct air route between Oslo and Santiago next year.
They discussed the exchange of 300 students under the new scholarship programme.
The ministers did not agree on a date for the next joint commission.
Both sides condemned the attack on United Nations peacekeepers in Lebanon.
";

const CHILE: &str = "\
Entretien téléphonique entre les ministres des Affaires étrangères du Chili et de la Norvège
12 mai 2026
Les ministres ont évoqué l'ouverture d'une liaison aérienne directe entre Oslo et Santiago l'an prochain.
Ils ont discuté de l'échange de 250 étudiants dans le cadre du nouveau programme de bourses.
Les ministres sont convenus de la date de la prochaine commission mixte.
Les deux parties ont condamné l'attaque contre les Casques bleus des Nations unies au Liban.
";

fn link_with<'c>(comparison: &'c Value, a: &str, b: &str) -> &'c Value {
    let (pa, pb) = (
        find_point(comparison, 0, a).to_owned(),
        find_point(comparison, 1, b).to_owned(),
    );
    comparison["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| {
            let points = l["points"].as_array().unwrap();
            points.iter().any(|p| *p == pa) && points.iter().any(|p| *p == pb)
        })
        .unwrap_or_else(|| panic!("{pa} and {pb} should be linked"))
}

fn difference<'c>(link: &'c Value, kind: &str) -> &'c Value {
    link["differences"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} difference in {link}"))
}

/// Every quote of a difference or key difference is the exact bytes of its
/// source at its offsets, and in the point it names.
fn assert_quotes_are_faithful(comparison: &Value) {
    let check = |quote: &Value| {
        let source = comparison["sources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == quote["source"])
            .unwrap_or_else(|| panic!("quote of an unknown source: {quote}"));
        let text = source["text"].as_str().unwrap();
        let (start, end) = (
            quote["start"].as_u64().unwrap() as usize,
            quote["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            &text[start..end],
            quote["text"].as_str().unwrap(),
            "{quote}"
        );
        if let Some(point_id) = quote["point"].as_str() {
            let point = source["points"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["id"] == point_id)
                .unwrap();
            let (p_start, p_end) = (
                point["start"].as_u64().unwrap(),
                point["end"].as_u64().unwrap(),
            );
            assert!(
                p_start <= start as u64 && end as u64 <= p_end,
                "{quote} outside {point_id}"
            );
        }
    };
    for link in comparison["links"].as_array().unwrap() {
        for d in link["differences"].as_array().unwrap() {
            for side in ["a", "b"] {
                if !d[side].is_null() {
                    check(&d[side]);
                }
            }
        }
    }
    for key in comparison["key_differences"].as_array().unwrap() {
        for quote in key["quotes"].as_array().unwrap() {
            check(quote);
        }
    }
}

#[test]
fn differences_inside_links_compare_values_across_languages_with_each_sides_words() {
    let dir = TempDir::new("diffs");
    let a = dir.write("norway.txt", NORWAY);
    let b = dir.write("chile.txt", CHILE);
    let comparison = compare_json(&[&a, &b]);
    assert_invariants(&comparison);
    assert_quotes_are_faithful(&comparison);

    let students = link_with(&comparison, "They discussed", "Ils ont discuté");
    assert_eq!(students["relation"], "differs");
    let number = difference(students, "number");
    assert_eq!(number["a"]["text"], "300");
    assert_eq!(number["b"]["text"], "250");

    let route = link_with(
        &comparison,
        "The ministers agreed",
        "Les ministres ont évoqué",
    );
    assert_eq!(route["relation"], "differs");
    let modality = difference(route, "modality");
    assert_eq!(modality["a"]["text"], "agreed");
    assert_eq!(modality["b"]["text"], "évoqué");

    let commission = link_with(
        &comparison,
        "The ministers did not",
        "Les ministres sont convenus",
    );
    assert_eq!(commission["relation"], "differs");
    let negation = difference(commission, "negation");
    assert_eq!(
        negation["a"]["text"], "not agree",
        "quoted from the negating word"
    );
    assert_eq!(negation["b"]["text"], "convenus");

    let lebanon = link_with(&comparison, "Both sides condemned", "Les deux parties");
    assert_ne!(lebanon["relation"], "differs", "{lebanon}");

    // the three disagreements head the key differences, with both sides quoted
    let keys = comparison["key_differences"].as_array().unwrap();
    let kinds: Vec<&str> = keys.iter().map(|k| k["kind"].as_str().unwrap()).collect();
    for kind in ["number", "modality", "negation"] {
        let key = keys
            .iter()
            .find(|k| k["kind"] == kind)
            .unwrap_or_else(|| panic!("no {kind} among {kinds:?}"));
        assert_eq!(key["quotes"].as_array().unwrap().len(), 2, "{key}");
    }
    assert!(
        kinds[..3]
            .iter()
            .all(|k| ["number", "modality", "negation"].contains(k)),
        "{kinds:?}"
    );
    let number_key = keys.iter().find(|k| k["kind"] == "number").unwrap();
    let summary = number_key["summary"].as_str().unwrap();
    assert!(
        summary.contains("300") && summary.contains("250"),
        "{summary}"
    );
}

#[test]
fn markdown_and_html_open_with_the_key_differences() {
    let dir = TempDir::new("keyreport");
    let a = dir.write("norway.txt", NORWAY);
    let b = dir.write("chile.txt", CHILE);
    let md = parallax(&["compare", &a, &b, "--format", "md"]);
    assert!(md.status.success(), "{}", stderr(&md));
    let md = String::from_utf8(md.stdout).unwrap();
    let key = md
        .find("## Key differences")
        .expect("a key-differences section");
    let table = md.find("## Sources").expect("a sources section");
    assert!(key < table, "key differences come first");
    assert!(md[key..table].contains("> **A** 300"), "{md}");

    let html_path = dir.0.join("out.html");
    let html_path = html_path.to_str().unwrap();
    let out = parallax(&["compare", &a, &b, "-o", html_path]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = std::fs::read_to_string(html_path).unwrap();
    let key = html.find("<section class=\"key\"").expect("a key section");
    let first_row = html
        .find("<section class=\"topic\"")
        .expect("topic sections");
    assert!(key < first_row);
    assert!(
        html[key..first_row].contains("href=\"#pt-A2\""),
        "quotes link to their points"
    );
}

#[test]
fn three_sources_say_which_agree_and_which_differ() {
    let dir = TempDir::new("three");
    let london = dir.write(
        "london.txt",
        "Readout of the call between the leaders of the United Kingdom, Poland and Sweden\n\
         3 June 2026\n\
         The leaders agreed to send 40 engineers to repair the power grid in Ukraine.\n\
         They discussed the protection of undersea cables in the Baltic Sea.\n\
         The leaders welcomed the opening of the new rail link between Warsaw and Vilnius.\n",
    );
    let warsaw = dir.write(
        "warsaw.txt",
        "Rozmowa przywódców Polski, Wielkiej Brytanii i Szwecji\n\
         3 June 2026\n\
         The leaders agreed to send 40 engineers to help repair Ukraine's power grid.\n\
         The leaders discussed how to protect undersea cables in the Baltic Sea.\n",
    );
    let stockholm = dir.write(
        "stockholm.txt",
        "Statement on the call between the Prime Minister of Sweden and the leaders of the UK and Poland\n\
         3 June 2026\n\
         The leaders agreed to send 60 engineers to repair the Ukrainian power grid.\n\
         The leaders discussed the protection of undersea cables in the Baltic Sea.\n\
         They also welcomed the new rail link between Warsaw and Vilnius.\n",
    );
    let comparison = compare_json(&[&london, &warsaw, &stockholm]);
    assert_invariants(&comparison);
    assert_quotes_are_faithful(&comparison);
    let keys = comparison["key_differences"].as_array().unwrap();
    // Stockholm's 60 against 40 from London and Warsaw
    let number = keys
        .iter()
        .find(|k| k["kind"] == "number")
        .unwrap_or_else(|| panic!("no number difference in {keys:?}"));
    assert_eq!(number["differ"], serde_json::json!(["C"]), "{number}");
    assert_eq!(number["agree"], serde_json::json!(["A", "B"]), "{number}");
    // the rail link: London and Stockholm, not Warsaw
    let omission = keys
        .iter()
        .find(|k| k["kind"] == "only" && k["differ"] == serde_json::json!(["B"]))
        .unwrap_or_else(|| panic!("no omission by B in {keys:?}"));
    assert_eq!(omission["agree"], serde_json::json!(["A", "C"]));
}

#[test]
fn split_sources_reads_the_seed_article_as_the_reader_sees_it() {
    let seed = seed_path();
    let seed = seed.to_str().unwrap();
    let comparison = compare_json(&["--split-sources", seed]);
    assert_invariants(&comparison);
    assert_quotes_are_faithful(&comparison);
    let sources = comparison["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 2, "the Kremlin's and China's readouts");
    let article = std::fs::read_to_string(seed_path()).unwrap();
    for source in sources {
        // each source is a byte-exact excerpt of the article
        let excerpt = source["excerpt"].as_array().expect("an excerpt range");
        let (start, end) = (
            excerpt[0].as_u64().unwrap() as usize,
            excerpt[1].as_u64().unwrap() as usize,
        );
        assert_eq!(&article[start..end], source["text"].as_str().unwrap());
        // the author's commentary and the byline are not points
        for point in source["points"].as_array().unwrap() {
            let text = point["text"].as_str().unwrap();
            assert!(
                !text.contains("Larry C. Johnson") && !text.contains("mascarade"),
                "{text}"
            );
        }
    }
    assert!(sources[0]["issuer"].as_str().unwrap().contains("Kremlin"));

    let keys = comparison["key_differences"].as_array().unwrap();
    let about = |source: usize, prefix: &str, kind: &str| {
        let id = find_point(&comparison, source, prefix).to_owned();
        keys.iter()
            .find(|k| k["kind"] == kind && k["points"].as_array().unwrap().iter().any(|p| *p == id))
            .unwrap_or_else(|| panic!("no {kind} key difference on {prefix:?} ({id}) in {keys:#?}"))
    };
    // the Kremlin's Iran and energy points have no Chinese counterpart
    for prefix in ["Crises régionales", "Coopération économique"] {
        let key = about(0, prefix, "only");
        assert_eq!(key["differ"], serde_json::json!(["B"]), "{key}");
    }
    let iran = about(0, "Crises régionales", "only");
    assert!(iran["summary"].as_str().unwrap().contains("Iran"), "{iran}");
    // China's Lichun greeting has no Russian counterpart
    let lichun = about(1, "Messages et contexte", "only");
    assert!(lichun["summary"].as_str().unwrap().contains("Lichun"));
    // China's world-situation point adds the UN and the Second World War
    let world = about(1, "Situation mondiale", "scope");
    let summary = world["summary"].as_str().unwrap();
    assert!(
        summary.contains("Nations Unies") && summary.contains("Seconde Guerre mondiale"),
        "{summary}"
    );
    // both announce the visit
    let visit = about(1, "Projets futurs", "both");
    assert!(visit["summary"]
        .as_str()
        .unwrap()
        .contains("first half of 2026"));
}

#[test]
fn split_sources_without_sections_says_what_to_do() {
    let dir = TempDir::new("nosplit");
    let plain = dir.write(
        "plain.txt",
        "The two presidents spoke by phone today.\nThey discussed trade and energy.\n",
    );
    let out = parallax(&["compare", "--split-sources", &plain]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("no per-source sections"), "{err}");
    assert!(err.contains("separate files"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}
