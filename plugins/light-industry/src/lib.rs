//! The footwear and light-industry product groups' rule set (R17): codes carry a 13-character
//! serial and a crypto tail of AI 91 (4 characters) and AI 92 (88); a product's TN VED code must
//! start with one of the prefixes of the hub's reference list `tn-ved-allowed`. Without that
//! list the rule set refuses rather than lets an unchecked product through.
//!
//! Not for: parsing codes (the hub has done that) or keeping reference data (it is passed in).

use tanba_plugin_sdk::{
    COMMON_DOCUMENT_KINDS, Context, Document, Finding, Guest, Info, MarkingCode, Product, Sale,
    Verdict, check_element, check_serial, error, info, judged_codes, reference_list, text, verdict,
};

/// The rule set.
pub struct LightIndustry;

const SERIAL_LENGTHS: &[usize] = &[13];
const KEY_ID_LENGTHS: &[usize] = &[4];
const CRYPTO_LENGTHS: &[usize] = &[88];
/// The reference list of TN VED prefixes the groups' products must fall under.
const TN_VED_LIST: &str = "tn-ved-allowed";

impl Guest for LightIndustry {
    fn describe() -> Info {
        info(
            "light-industry",
            env!("CARGO_PKG_VERSION"),
            &["footwear", "light-industry"],
            COMMON_DOCUMENT_KINDS,
            &[
                "LIGHT_SERIAL_LENGTH",
                "LIGHT_TAIL_KEY_ID",
                "LIGHT_TAIL_CRYPTO",
                "LIGHT_TN_VED_NOT_ALLOWED",
                "LIGHT_TN_VED_REFERENCE_MISSING",
            ],
        )
    }

    fn check_code(code: MarkingCode, product: Product, context: Context) -> Vec<Finding> {
        let mut findings = code_findings(&code, "");
        findings.extend(tn_ved_findings(
            std::iter::once(("/product/tn-ved".to_owned(), &product)),
            &context,
        ));
        findings
    }

    fn check_document(document: Document, context: Context) -> Vec<Finding> {
        let mut findings: Vec<Finding> = judged_codes(&document)
            .flat_map(|(base, code)| code_findings(code, &base))
            .collect();
        let products = document
            .products
            .iter()
            .enumerate()
            .map(|(j, product)| (format!("/products/{j}/tn-ved"), product));
        findings.extend(tn_ved_findings(products, &context));
        findings
    }

    fn check_sale(_code: MarkingCode, _product: Product, _sale: Sale) -> Verdict {
        // Nothing about a shoe or a shirt forbids its sale once it is in circulation.
        verdict(Vec::new())
    }
}

/// The code's structure: serial and crypto tail.
fn code_findings(code: &MarkingCode, base: &str) -> Vec<Finding> {
    [
        check_serial(code, base, SERIAL_LENGTHS, "LIGHT_SERIAL_LENGTH"),
        check_element(code, base, "91", KEY_ID_LENGTHS, "LIGHT_TAIL_KEY_ID"),
        check_element(code, base, "92", CRYPTO_LENGTHS, "LIGHT_TAIL_CRYPTO"),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Each product's TN VED code against the allowed prefixes; one error if the hub passed none
/// and there is a product to check.
fn tn_ved_findings<'p>(
    mut products: impl Iterator<Item = (String, &'p Product)>,
    context: &Context,
) -> Vec<Finding> {
    let Some(allowed) = reference_list(context, TN_VED_LIST) else {
        return products
            .next()
            .map(|_| reference_missing())
            .into_iter()
            .collect();
    };
    products
        .filter(|(_, product)| !is_allowed(&product.tn_ved, allowed))
        .map(|(path, product)| not_allowed(path, &product.tn_ved))
        .collect()
}

/// Whether `tn_ved` starts with one of `allowed` (empty entries allow nothing).
fn is_allowed(tn_ved: &str, allowed: &[String]) -> bool {
    allowed
        .iter()
        .any(|prefix| !prefix.is_empty() && tn_ved.starts_with(prefix.as_str()))
}

fn not_allowed(path: String, tn_ved: &str) -> Finding {
    error(
        "LIGHT_TN_VED_NOT_ALLOWED",
        path,
        text(
            &format!(
                "Тауардың СЭҚ ТН коды «{tn_ved}» аяқ киім мен жеңіл өнеркәсіп тауарларына рұқсат етілген кодтардың ешқайсысымен басталмайды. Тауар карточкасындағы СЭҚ ТН кодын тексеріп, түзетіңіз."
            ),
            &format!(
                "Код ТН ВЭД товара «{tn_ved}» не начинается ни с одного из кодов, разрешённых для обуви и товаров лёгкой промышленности. Проверьте и исправьте код ТН ВЭД в карточке товара."
            ),
            &format!(
                "The product's TN VED code \"{tn_ved}\" does not start with any code allowed for footwear and light industry. Check and correct the TN VED code on the product card."
            ),
        ),
    )
}

fn reference_missing() -> Finding {
    error(
        "LIGHT_TN_VED_REFERENCE_MISSING",
        format!("/context/reference/{TN_VED_LIST}"),
        text(
            &format!(
                "Хаб рұқсат етілген СЭҚ ТН кодтарының анықтамалығын («{TN_VED_LIST}») бермеді, сондықтан тауарды тексеру мүмкін емес. Операция қабылданбады: жүйе әкімшісіне хабарласыңыз."
            ),
            &format!(
                "Хаб не передал справочник разрешённых кодов ТН ВЭД («{TN_VED_LIST}»), поэтому проверить товар нельзя. Операция отклонена: обратитесь к администратору системы."
            ),
            &format!(
                "The hub passed no list of allowed TN VED codes (\"{TN_VED_LIST}\"), so the product cannot be checked. The operation is refused: contact the system administrator."
            ),
        ),
    )
}

tanba_plugin_sdk::export!(LightIndustry);

#[cfg(test)]
mod tests;
