use super::*;
use std::path::{Path, PathBuf};

fn catalogue() -> Catalogue {
    Catalogue::embedded().expect("the embedded catalogue parses")
}

#[test]
fn every_language_has_the_same_messages() {
    let catalogue = catalogue();
    let mut en = catalogue.ids(Lang::En);
    en.sort();
    assert!(!en.is_empty());
    for lang in [Lang::Kk, Lang::Ru] {
        let mut ids = catalogue.ids(lang);
        ids.sort();
        assert_eq!(ids, en, "{lang} and en must define the same message ids");
    }
}

#[test]
fn no_message_id_is_defined_twice() {
    for lang in Lang::ALL {
        let mut ids = catalogue().ids(lang);
        let count = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), count, "{lang} repeats a message id");
    }
}

#[test]
fn kazakh_is_not_a_copy_of_russian() {
    let catalogue = catalogue();
    for id in catalogue.ids(Lang::Kk) {
        let id: &'static str = Box::leak(id.into_boxed_str());
        let kk = catalogue.render(Lang::Kk, &Msg::new(id));
        let ru = catalogue.render(Lang::Ru, &Msg::new(id));
        assert_ne!(kk, ru, "message {id}: the Kazakh text is the Russian one");
    }
}

#[test]
fn arguments_fill_placeholders_and_numbers_pick_plural_forms() {
    let catalogue = catalogue();
    let msg = Msg::new("store-migration-pending").with_number("count", 3);
    assert!(catalogue.render(Lang::En, &msg).contains("3 migrations"));
    assert!(catalogue.render(Lang::Ru, &msg).contains("3 миграции"));
    let one = Msg::new("store-migration-pending").with_number("count", 1);
    assert!(catalogue.render(Lang::En, &one).contains("1 migration."));
    let key = Msg::new("config-invalid-value")
        .with("key", "http.listen")
        .with("source", "TANBA_LISTEN")
        .with("reason", "x");
    for lang in Lang::ALL {
        let text = catalogue.render(lang, &key);
        assert!(
            text.contains("http.listen") && text.contains("TANBA_LISTEN"),
            "{text}"
        );
    }
}

#[test]
fn an_unknown_id_renders_as_itself() {
    assert_eq!(
        catalogue().render(Lang::Kk, &Msg::new("no-such-message")),
        "no-such-message"
    );
}

/// Every `Msg::new("id")` in the hub's sources names a message every language defines.
#[test]
fn every_message_the_code_uses_has_its_texts() {
    let catalogue = catalogue();
    let hub = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut used = Vec::new();
    for file in rust_files(&hub) {
        let text = std::fs::read_to_string(&file).expect("source files are readable");
        for (_, rest) in text
            .match_indices("Msg::new(\"")
            .map(|(i, _)| text.split_at(i + 10))
        {
            let id = rest.split('"').next().unwrap_or_default();
            used.push((file.clone(), id.to_owned()));
        }
    }
    assert!(
        used.len() > 10,
        "the scan found the hub's messages: {used:?}"
    );
    for (file, id) in used
        .iter()
        .filter(|(_, id)| id != "no-such-message" && id != "id")
    {
        for lang in Lang::ALL {
            assert!(
                catalogue.has(lang, id),
                "{} uses `{id}`, missing in {lang}",
                file.display()
            );
        }
    }
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)
        .expect("the hub directory is readable")
        .flatten()
    {
        let path = entry.path();
        if path.is_dir() && !path.ends_with("target") {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}
