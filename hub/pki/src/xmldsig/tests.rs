//! Canonicalisation against the W3C specifications' own examples (Canonical XML 1.0 section
//! 3, Exclusive XML Canonicalization 1.0 section 2.2); DTD-dependent parts are left out or
//! written out explicitly, since DOCTYPEs are refused.

use super::c14n::{C14nMethod, Canonicalization, Subset, canonicalize};
use super::document;

fn whole(xml: &str, method: C14nMethod) -> String {
    let doc = document::parse(xml.as_bytes()).expect("well-formed");
    let subset = Subset {
        apex: doc.root(),
        excluded: None,
        comments: method.with_comments(),
    };
    canonicalize(subset, &Canonicalization::new(method))
}

fn element(xml: &str, name: &str, method: C14nMethod) -> String {
    let doc = document::parse(xml.as_bytes()).expect("well-formed");
    let apex = doc
        .descendants()
        .find(|n| n.tag_name().name() == name)
        .expect("element");
    let subset = Subset {
        apex,
        excluded: None,
        comments: method.with_comments(),
    };
    canonicalize(subset, &Canonicalization::new(method))
}

const PIS_AND_COMMENTS: &str = "<?xml version=\"1.0\"?>\n\n<?xml-stylesheet   href=\"doc.xsl\"\n   type=\"text/xsl\"   ?>\n\n<doc>Hello, world!<!-- Comment 1 --></doc>\n\n<?pi-without-data     ?>\n\n<!-- Comment 2 -->\n\n<!-- Comment 3 -->\n";

#[test]
fn w3c_3_1_pis_and_comments_outside_the_document_element() {
    assert_eq!(
        whole(PIS_AND_COMMENTS, C14nMethod::Inclusive),
        "<?xml-stylesheet href=\"doc.xsl\"\n   type=\"text/xsl\"   ?>\n<doc>Hello, world!</doc>\n<?pi-without-data?>"
    );
    assert_eq!(
        whole(PIS_AND_COMMENTS, C14nMethod::InclusiveWithComments),
        "<?xml-stylesheet href=\"doc.xsl\"\n   type=\"text/xsl\"   ?>\n<doc>Hello, world!<!-- Comment 1 --></doc>\n<?pi-without-data?>\n<!-- Comment 2 -->\n<!-- Comment 3 -->"
    );
}

#[test]
fn w3c_3_2_whitespace_in_content_is_kept() {
    let doc = "<doc>\n   <clean>   </clean>\n   <dirty>   A   B   </dirty>\n   <mixed>\n      A\n      <clean>   </clean>\n      B\n      <dirty>   A   B   </dirty>\n      C\n   </mixed>\n</doc>";
    let input = format!("<?xml version=\"1.0\"?>\n{doc}\n");
    assert_eq!(whole(&input, C14nMethod::Inclusive), doc);
}

#[test]
fn w3c_3_3_start_and_end_tags_and_namespace_declarations() {
    let input = r#"<doc>
   <e1   />
   <e2   ></e2>
   <e3   name = "elem3"   id="elem3"   />
   <e4   name="elem4"   id="elem4"   ></e4>
   <e5 a:attr="out" b:attr="sorted" attr2="all" attr="I'm"
      xmlns:b="http://www.ietf.org"
      xmlns:a="http://www.w3.org"
      xmlns="http://example.org"/>
   <e6 xmlns="" xmlns:a="http://www.w3.org">
      <e7 xmlns="http://www.ietf.org">
         <e8 xmlns="" xmlns:a="http://www.w3.org">
            <e9 xmlns="" xmlns:a="http://www.ietf.org" attr="default"/>
         </e8>
      </e7>
   </e6>
</doc>"#;
    let expected = r#"<doc>
   <e1></e1>
   <e2></e2>
   <e3 id="elem3" name="elem3"></e3>
   <e4 id="elem4" name="elem4"></e4>
   <e5 xmlns="http://example.org" xmlns:a="http://www.w3.org" xmlns:b="http://www.ietf.org" attr="I'm" attr2="all" b:attr="sorted" a:attr="out"></e5>
   <e6 xmlns:a="http://www.w3.org">
      <e7 xmlns="http://www.ietf.org">
         <e8 xmlns="">
            <e9 xmlns:a="http://www.ietf.org" attr="default"></e9>
         </e8>
      </e7>
   </e6>
</doc>"#;
    assert_eq!(whole(input, C14nMethod::Inclusive), expected);
}

#[test]
fn w3c_3_4_character_modifications_and_references() {
    let input = "<doc>\n   <text>First line&#x0d;&#10;Second line</text>\n   <value>&#x32;</value>\n   <compute><![CDATA[value>\"0\" && value<\"10\" ?\"valid\":\"error\"]]></compute>\n   <compute expr='value>\"0\" &amp;&amp; value&lt;\"10\" ?\"valid\":\"error\"'>valid</compute>\n   <norm attr=' &apos;   &#x20;&#13;&#xa;&#9;   &apos; '/>\n</doc>";
    let expected = "<doc>\n   <text>First line&#xD;\nSecond line</text>\n   <value>2</value>\n   <compute>value&gt;\"0\" &amp;&amp; value&lt;\"10\" ?\"valid\":\"error\"</compute>\n   <compute expr=\"value>&quot;0&quot; &amp;&amp; value&lt;&quot;10&quot; ?&quot;valid&quot;:&quot;error&quot;\">valid</compute>\n   <norm attr=\" '    &#xD;&#xA;&#x9;   ' \"></norm>\n</doc>";
    assert_eq!(whole(input, C14nMethod::Inclusive), expected);
}

#[test]
fn w3c_3_6_utf8_output_and_line_breaks_in_attributes_become_spaces() {
    assert_eq!(
        whole("<doc>&#169;</doc>", C14nMethod::Inclusive),
        "<doc>\u{a9}</doc>"
    );
    assert_eq!(
        whole("<doc a='x\r\ny\tz'/>", C14nMethod::Inclusive),
        "<doc a=\"x y z\"></doc>"
    );
}

const EXC_FIRST: &str = "<n0:local xmlns:n0=\"foo:bar\" xmlns:n3=\"ftp://example.org\">\n  <n1:elem2 xmlns:n1=\"http://example.net\" xml:lang=\"en\">\n     <n3:stuff xmlns:n3=\"ftp://example.org\"/>\n  </n1:elem2>\n</n0:local>";

const EXC_SECOND: &str = "<n2:pdu xmlns:n1=\"http://example.com\"\n           xmlns:n2=\"http://foo.example\"\n           xml:lang=\"fr\"\n           xml:space=\"retain\">\n  <n1:elem2 xmlns:n1=\"http://example.net\" xml:lang=\"en\">\n     <n3:stuff xmlns:n3=\"ftp://example.org\"/>\n  </n1:elem2>\n</n2:pdu>";

#[test]
fn exc_c14n_2_2_inclusive_subsets_inherit_what_exclusive_ones_do_not() {
    assert_eq!(
        element(EXC_FIRST, "elem2", C14nMethod::Inclusive),
        "<n1:elem2 xmlns:n0=\"foo:bar\" xmlns:n1=\"http://example.net\" xmlns:n3=\"ftp://example.org\" xml:lang=\"en\">\n     <n3:stuff></n3:stuff>\n  </n1:elem2>"
    );
    assert_eq!(
        element(EXC_SECOND, "elem2", C14nMethod::Inclusive),
        "<n1:elem2 xmlns:n1=\"http://example.net\" xmlns:n2=\"http://foo.example\" xml:lang=\"en\" xml:space=\"retain\">\n     <n3:stuff xmlns:n3=\"ftp://example.org\"></n3:stuff>\n  </n1:elem2>"
    );
    let exclusive = "<n1:elem2 xmlns:n1=\"http://example.net\" xml:lang=\"en\">\n     <n3:stuff xmlns:n3=\"ftp://example.org\"></n3:stuff>\n  </n1:elem2>";
    assert_eq!(
        element(EXC_FIRST, "elem2", C14nMethod::Exclusive),
        exclusive
    );
    assert_eq!(
        element(EXC_SECOND, "elem2", C14nMethod::Exclusive),
        exclusive
    );
}

#[test]
fn exclusive_prefix_list_and_default_namespace_undeclaration() {
    let xml = "<r xmlns=\"urn:d\" xmlns:p=\"urn:p\"><a xmlns=\"\"><b/></a><p:c/></r>";
    let doc = document::parse(xml.as_bytes()).expect("parses");
    let a = doc.descendants().find(|n| n.has_tag_name("a")).expect("a");
    let subset = Subset {
        apex: a,
        excluded: None,
        comments: false,
    };
    let mut c14n = Canonicalization::new(C14nMethod::Exclusive);
    assert_eq!(canonicalize(subset, &c14n), "<a><b></b></a>");
    c14n.inclusive_prefixes = vec!["p".into()];
    assert_eq!(
        canonicalize(subset, &c14n),
        "<a xmlns:p=\"urn:p\"><b></b></a>"
    );
    // In the whole document the default is undone on <a> and not again on <b>.
    assert_eq!(
        whole(xml, C14nMethod::Exclusive),
        "<r xmlns=\"urn:d\"><a xmlns=\"\"><b></b></a><p:c xmlns:p=\"urn:p\"></p:c></r>"
    );
}

#[test]
fn an_excluded_subtree_and_comments_are_left_out() {
    let xml = "<a><!--c--><b>x</b><s><t/></s>y</a>";
    let doc = document::parse(xml.as_bytes()).expect("parses");
    let s = doc.descendants().find(|n| n.has_tag_name("s")).expect("s");
    let subset = Subset {
        apex: doc.root(),
        excluded: Some(s.id()),
        comments: false,
    };
    let c14n = Canonicalization::new(C14nMethod::InclusiveWithComments);
    assert_eq!(canonicalize(subset, &c14n), "<a><b>x</b>y</a>");
}

#[test]
fn doctype_and_entities_are_refused_and_unknown_entities_are_malformed() {
    use crate::PkiError;
    let bomb = "<!DOCTYPE a [<!ENTITY x \"xx\"><!ENTITY y \"&x;&x;\">]><a>&y;</a>";
    assert_eq!(
        document::parse(bomb.as_bytes()).err(),
        Some(PkiError::XmlDoctype)
    );
    let external = "<!DOCTYPE a [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><a>&e;</a>";
    assert_eq!(
        document::parse(external.as_bytes()).err(),
        Some(PkiError::XmlDoctype)
    );
    let empty = "<?xml version=\"1.0\"?><!DOCTYPE a><a/>";
    assert_eq!(
        document::parse(empty.as_bytes()).err(),
        Some(PkiError::XmlDoctype)
    );
    let undeclared = document::parse(b"<a>&e;</a>").expect_err("unknown entity");
    assert_eq!(undeclared.code(), "PKI_XML_MALFORMED");
    // The text "<!DOCTYPE" inside the document is only text.
    assert!(document::parse(b"<a><![CDATA[<!DOCTYPE x>]]></a>").is_ok());
}
