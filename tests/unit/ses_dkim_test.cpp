#include "rules/ses/ses_dkim.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "lint/context.hpp"
#include "parse/load.hpp"
#include "rules/ses/name_rdata.hpp"

namespace zonelint::ses {
namespace {

Name name(std::string text) {
  Name n;
  NameError e;
  if (!text.ends_with('.')) text += '.';
  EXPECT_TRUE(parse_name(text, NameView(), n, e)) << e.message;
  return n;
}

constexpr const char* tok = "xtk53kxcy4p3t6ztbrffs6d54rsrrhh6";

TEST(SesDkim, TokenShape) {
  EXPECT_TRUE(is_token_shape(tok));
  EXPECT_FALSE(is_token_shape("xtk53kxcy4p3t6ztbrffs6d54rsrrhh"));   // 31
  EXPECT_FALSE(is_token_shape("xtk53kxcy4p3t6ztbrffs6d54rsrrhh1"));  // '1' is not base32
  EXPECT_FALSE(is_token_shape("XTK53KXCY4P3T6ZTBRFFS6D54RSRRHH6"));  // SES tokens are lowercase
  EXPECT_TRUE(looks_like_token("xtk53kxcy4p3t6ztbrffs6d54rsrrhh"));
  EXPECT_FALSE(looks_like_token("selector1"));
}

TEST(SesDkim, ExactTargets) {
  const Name apex = name("example.com");
  auto m = match_target(name(std::string(tok) + ".dkim.amazonses.com"), apex);
  EXPECT_EQ(m.kind, Match::exact);
  EXPECT_EQ(m.token, tok);
  EXPECT_FALSE(m.origin_appended);
  m = match_target(name(std::string(tok) + ".dkim.eu-south-1.amazonses.com"), apex);
  EXPECT_EQ(m.kind, Match::exact);
  EXPECT_EQ(m.region, "eu-south-1");
  m = match_target(name(std::string(tok) + ".DKIM.AmazonSES.com"), apex);
  EXPECT_EQ(m.kind, Match::exact);
}

TEST(SesDkim, OriginAppended) {
  const Name apex = name("example.com");
  const auto m = match_target(name(std::string(tok) + ".dkim.amazonses.com.example.com"), apex);
  EXPECT_EQ(m.kind, Match::exact);
  EXPECT_TRUE(m.origin_appended);
  EXPECT_EQ(m.suggestion, std::string(tok) + ".dkim.amazonses.com.");
}

TEST(SesDkim, NearMissTargets) {
  const Name apex = name("example.com");
  const struct {
    std::string target;
    std::string problem_fragment;
    std::string suggestion;
  } cases[] = {
      {".dkim.amazonses.co", "amazonses.co", ".dkim.amazonses.com."},
      {".dkim.amazonaws.com", "amazonaws.com", ".dkim.amazonses.com."},
      {".dkim.amazoneses.com", "amazoneses.com", ".dkim.amazonses.com."},
      {".amazonses.com", "\"dkim\" label is missing", ".dkim.amazonses.com."},
      {".dkin.amazonses.com", "\"dkin\" instead of \"dkim\"", ".dkim.amazonses.com."},
      {".dkim.us-east-7.amazonses.com", "did you mean", ".dkim.us-east-1.amazonses.com."},
      {".dkim.amazonses", "lacks \".com\"", ".dkim.amazonses.com."},
  };
  for (const auto& c : cases) {
    const auto m = match_target(name(tok + c.target), apex);
    EXPECT_EQ(m.kind, Match::near_miss) << c.target;
    EXPECT_NE(m.problem.find(c.problem_fragment), std::string::npos) << c.target << ": " << m.problem;
    EXPECT_EQ(m.suggestion, tok + c.suggestion) << c.target;
    EXPECT_EQ(m.token, tok) << c.target;
  }
}

TEST(SesDkim, OtherProvidersAreNotSesTargets) {
  const Name apex = name("contoso.com");
  for (const char* target : {"selector1-contoso-com._domainkey.contoso.onmicrosoft.com", "dkim.mcsv.net",
                             "s1.domainkey.u1234.wl.sendgrid.net", "my-lb-1234.us-east-1.elb.amazonaws.com",
                             "bucket.s3-website-us-east-1.amazonaws.com", "d111111abcdef8.cloudfront.net",
                             "shop.myshopify.com"}) {
    EXPECT_EQ(match_target(name(target), apex).kind, Match::none) << target;
  }
}

TEST(SesDkim, UrlTargets) {
  const Name apex = name("example.com");
  // Absolute, with a scheme: the token after it, and the target to write without it.
  auto m = match_target(name("https://" + std::string(tok) + ".dkim.amazonses.com"), apex);
  EXPECT_EQ(m.kind, Match::near_miss);
  EXPECT_TRUE(m.url);
  EXPECT_FALSE(m.origin_appended);
  EXPECT_EQ(m.token, "https://" + std::string(tok));  // raw, as written
  EXPECT_EQ(comparable_token(m.token), tok);
  EXPECT_EQ(m.suggestion, std::string(tok) + ".dkim.amazonses.com.");
  EXPECT_NE(m.problem.find("URL scheme \"https://\""), std::string::npos) << m.problem;
  // Relative, "/" at the end: the origin follows it.
  m = match_target(name("HTTP://" + std::string(tok) + ".dkim.eu-west-1.amazonses.com/.example.com"), apex);
  EXPECT_EQ(m.kind, Match::near_miss);
  EXPECT_TRUE(m.url);
  EXPECT_TRUE(m.origin_appended);
  EXPECT_EQ(m.region, "eu-west-1");
  EXPECT_EQ(m.suggestion, std::string(tok) + ".dkim.eu-west-1.amazonses.com.");
  EXPECT_NE(m.problem.find("and a \"/\" at the end"), std::string::npos) << m.problem;
  // A "/" label after the final dot of the target.
  m = match_target(name(std::string(tok) + ".dkim.amazonses.com./.example.com"), apex);
  EXPECT_EQ(m.kind, Match::near_miss);
  EXPECT_TRUE(m.url);
  EXPECT_EQ(m.suggestion, std::string(tok) + ".dkim.amazonses.com.");
  // Another mistake besides: both in the problem, the suggestion without the URL parts.
  m = match_target(name("https://" + std::string(tok) + ".dkim.amazonses.co"), apex);
  EXPECT_EQ(m.kind, Match::near_miss);
  EXPECT_NE(m.problem.find("amazonses.co\" instead"), std::string::npos) << m.problem;
  EXPECT_EQ(m.suggestion, std::string(tok) + ".dkim.amazonses.com.");
  // URLs of other services are no SES targets.
  EXPECT_EQ(match_target(name("https://www.example.net"), apex).kind, Match::none);
  EXPECT_EQ(match_target(name("https://s1.domainkey.u1234.wl.sendgrid.net/.example.com"), apex).kind, Match::none);
  EXPECT_EQ(url_scheme_length("https://x"), 8u);
  EXPECT_EQ(url_scheme_length("https://"), 0u);
  EXPECT_EQ(url_scheme_length("ftp://x"), 0u);
}

TEST(SesDkim, Owners) {
  auto m = match_owner(name(std::string(tok) + "._domainkey.example.com"));
  EXPECT_EQ(m.kind, Match::exact);
  EXPECT_EQ(m.token, tok);
  EXPECT_EQ(m.identity.to_text(), "example.com.");

  m = match_owner(name(std::string(tok) + "_domainkey.example.com"));
  EXPECT_EQ(m.kind, Match::near_miss);
  EXPECT_EQ(m.token, tok);
  EXPECT_NE(m.problem.find("dot before"), std::string::npos);
  EXPECT_EQ(m.corrected_label, std::string(tok) + "._domainkey");
  EXPECT_EQ(m.identity.to_text(), "example.com.");

  m = match_owner(name(std::string(tok) + ".domainkey.example.com"));
  EXPECT_EQ(m.kind, Match::near_miss);
  EXPECT_NE(m.problem.find("underscore"), std::string::npos);

  m = match_owner(name(std::string(tok) + "._domainkeys.example.com"));
  EXPECT_EQ(m.kind, Match::near_miss);

  m = match_owner(name(std::string(tok) + "\\._domainkey.example.com"));
  EXPECT_EQ(m.kind, Match::near_miss);
  EXPECT_NE(m.problem.find("escaped"), std::string::npos);

  // "_domainkey" typed twice: the identity is the domain after the last copy.
  m = match_owner(name(std::string(tok) + "._domainkey._DOMAINKEY.example.com"));
  EXPECT_EQ(m.kind, Match::near_miss);
  EXPECT_EQ(m.token, tok);
  EXPECT_EQ(m.token_label, 0u);
  EXPECT_EQ(m.domainkey_label, 2u);
  EXPECT_NE(m.problem.find("written twice"), std::string::npos);
  EXPECT_EQ(m.corrected_label, std::string(tok) + "._domainkey");
  EXPECT_EQ(m.identity.to_text(), "example.com.");
  // The token and the label typed twice.
  m = match_owner(name(std::string(tok) + "._domainkey." + tok + "._domainkey.news.example.com"));
  EXPECT_EQ(m.kind, Match::near_miss);
  EXPECT_EQ(m.domainkey_label, 3u);
  EXPECT_NE(m.problem.find("is written twice"), std::string::npos);
  EXPECT_EQ(m.identity.to_text(), "news.example.com.");
  // Without a token in front it stays the record at "_domainkey._domainkey.example.com".
  EXPECT_EQ(match_owner(name("_domainkey._domainkey.example.com")).kind, Match::exact);

  EXPECT_EQ(match_owner(name("www.example.com")).kind, Match::none);
  EXPECT_EQ(match_owner(name("_dmarc.example.com")).kind, Match::none);
}

TEST(SesDkim, StrayCharacters) {
  const std::string value = " tok\xE2\x80\x8B" "en\xC2\xA0\"";
  const auto stray = find_stray(value);
  ASSERT_EQ(stray.size(), 4u);
  EXPECT_EQ(stray[0].code_point, U' ');
  EXPECT_EQ(stray[1].offset, 4u);
  EXPECT_EQ(stray[1].code_point, U'\u200B');
  EXPECT_EQ(stray[1].length, 3u);
  EXPECT_EQ(stray[2].code_point, U'\u00A0');
  EXPECT_EQ(stray[3].code_point, U'"');
  EXPECT_EQ(strip_stray(value), "token");
  EXPECT_EQ(describe_code_point(0x200B), "U+200B ZERO WIDTH SPACE");
  EXPECT_TRUE(find_stray("tok.dkim.amazonses.com").empty());
}

TEST(SesDkim, DuplicatedApex) {
  const Name apex = name("example.com");
  const auto stripped = strip_duplicated_apex(name("tok._domainkey.example.com.example.com"), apex);
  ASSERT_TRUE(stripped);
  EXPECT_EQ(stripped->to_text(), "tok._domainkey.example.com.");
  EXPECT_FALSE(strip_duplicated_apex(name("tok._domainkey.example.com"), apex));
  EXPECT_FALSE(strip_duplicated_apex(name("example.com.example.com.evil.org"), apex));
}

TEST(SesDkim, EditDistance) {
  EXPECT_EQ(edit_distance("amazonses", "amazonses"), 0u);
  EXPECT_EQ(edit_distance("amazonaws", "amazonses"), 2u);
  EXPECT_EQ(edit_distance("dkmi", "dkim"), 1u);  // transposition
  EXPECT_EQ(edit_distance("US-EAST-1", "us-east-1"), 0u);
}

TEST(SesDkim, IdentitiesFromAZone) {
  const std::string t1 = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2";
  const std::string t2 = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb3";
  const std::string t3 = "ccccccccccccccccccccccccccccccc4";
  const std::string zone_text = "$TTL 300\n"
                                "@ SOA ns hostmaster 1 2 3 4 5\n"
                                "@ NS ns\n" +
                                t1 + "._domainkey CNAME " + t1 + ".dkim.amazonses.com.\n" +
                                t2 + "._domainkey.example.com CNAME " + t2 + ".dkim.amazonses.com.\n" +
                                t3 + "_domainkey CNAME " + t3 + ".dkim.amazonses.com.\n"
                                "selector1._domainkey CNAME selector1-example-com._domainkey.example.onmicrosoft.com.\n"
                                "google._domainkey TXT \"v=DKIM1; k=rsa; p=MIIB\"\n"
                                "_amazonses.mail TXT \"pmBGN/7MjnfhTKUZ06Enqq1PeGUaOkw8lGhcfwefcHU=\"\n";
  SourceSet files;
  const FileId f = files.add("example.com.zone", zone_text);
  LoadOptions load;
  const Zone zone = load_zone(files, f, load);
  ASSERT_TRUE(zone.diagnostics.empty()) << zone.diagnostics.front().message;
  RuleOptions options;
  const LintContext context(zone, options);
  const SesAnalysis& a = context.analysis<SesAnalysis>();
  ASSERT_EQ(a.dkim.size(), 3u);
  EXPECT_EQ(a.dkim[0].owner.kind, Match::exact);
  EXPECT_EQ(a.dkim[1].owner.kind, Match::exact);
  EXPECT_TRUE(a.dkim[1].duplicated_apex);
  EXPECT_EQ(a.dkim[2].owner.kind, Match::near_miss);
  ASSERT_EQ(a.identities.size(), 2u);
  const Identity* example = a.identity(name("example.com"));
  ASSERT_NE(example, nullptr);
  EXPECT_EQ(example->dkim.size(), 3u);
  const Identity* mail = a.identity(name("mail.example.com"));
  ASSERT_NE(mail, nullptr);
  EXPECT_EQ(mail->verification.size(), 1u);
  EXPECT_TRUE(mail->dkim.empty());
}

TEST(SesDkim, StrayCharactersDoNotChangeTheMatch) {
  const Name apex = name("example.com");
  // A zero-width space in a label, a no-break space label after the final dot (SES003's).
  auto t = match_target(name(std::string(tok) + ".dkim.amazonses\\226\\128\\139.com"), apex);
  EXPECT_EQ(t.kind, Match::exact);
  t = match_target(name(std::string("\\032") + tok + ".dkim.amazonses.com.\\194\\160.example.com"), apex);
  EXPECT_EQ(t.kind, Match::exact);
  EXPECT_TRUE(t.origin_appended);
  EXPECT_EQ(t.token, std::string(" ") + tok);  // raw, as written
  const auto o = match_owner(name(std::string(tok) + "._domain\\226\\128\\139key.example.com"));
  EXPECT_EQ(o.kind, Match::exact);
  EXPECT_EQ(o.token, tok);
}

TEST(SesDkim, TargetWithoutToken) {
  const Name apex = name("example.com");
  auto t = match_target(name("dkim.amazonses.com"), apex);
  EXPECT_EQ(t.kind, Match::near_miss);
  EXPECT_NE(t.problem.find("token label is missing"), std::string::npos);
  EXPECT_TRUE(t.token.empty());
  EXPECT_TRUE(t.suggestion.empty());
  t = match_target(name("dkim.eu-south-1.amazonses.com"), apex);
  EXPECT_EQ(t.kind, Match::near_miss);
  EXPECT_EQ(t.region, "eu-south-1");
}

TEST(SesDkim, DkimLabelWhereDomainkeyBelongs) {
  const auto o = match_owner(name(std::string(tok) + ".dkim.example.com"));
  EXPECT_EQ(o.kind, Match::near_miss);
  EXPECT_EQ(o.corrected_label, std::string(tok) + "._domainkey");
  EXPECT_EQ(o.identity.to_text(), "example.com.");
  EXPECT_EQ(match_owner(name("mail.dkim.example.com")).kind, Match::none);  // no token before it
}

TEST(SesDkim, WrittenLabels) {
  using R = std::vector<std::pair<std::size_t, std::size_t>>;
  EXPECT_EQ(written_labels("tok._domainkey"), (R{{0, 3}, {4, 14}}));
  EXPECT_EQ(written_labels("a\\.b.c."), (R{{0, 4}, {5, 6}}));
  EXPECT_EQ(written_labels("x\\032y.z"), (R{{0, 6}, {7, 8}}));
  EXPECT_TRUE(written_labels("@").empty());
}

TEST(SesDkim, OwnerWithoutTokenOrLabel) {
  const std::string t1 = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2";
  const std::string zone_text = "$TTL 300\n"
                                "@ SOA ns hostmaster 1 2 3 4 5\n"
                                "@ NS ns\n"
                                "mail CNAME " + t1 + ".dkim.amazonses.com.\n"
                                "$ORIGIN sub.example.com.\n"
                                + t1 + "._domainkey CNAME " + t1 + ".dkim.amazonses.com\n";
  SourceSet files;
  const FileId f = files.add("example.com.zone", zone_text);
  LoadOptions load;
  const Zone zone = load_zone(files, f, load);
  ASSERT_TRUE(zone.diagnostics.empty()) << zone.diagnostics.front().message;
  RuleOptions options;
  const LintContext context(zone, options);
  const SesAnalysis& a = context.analysis<SesAnalysis>();
  ASSERT_EQ(a.dkim.size(), 2u);
  // "mail": neither token nor _domainkey; the record names the identity itself.
  EXPECT_TRUE(a.dkim[0].owner.label_missing);
  EXPECT_TRUE(a.dkim[0].owner_token.empty());
  EXPECT_EQ(a.dkim[0].identity.to_text(), "mail.example.com.");
  // A relative target under a deeper $ORIGIN: the origin in effect was appended.
  EXPECT_EQ(a.dkim[1].target.kind, Match::exact);
  EXPECT_TRUE(a.dkim[1].target.origin_appended);
}

TEST(SesDkim, HostedZoneAnchorAndLookup) {
  const std::string t1 = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2";
  const std::string t2 = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb3";
  const std::string zone_text = "$TTL 300\n"
                                "www A 192.0.2.1\n"
                                "@ SOA ns hostmaster 1 2 3 4 5\n"
                                "@ NS ns\n" +
                                t1 + "._domainkey.Mail CNAME " + t1 + ".dkim.eu-south-1.amazonses.com.\n" +
                                t2 + "._domainkey.mail CNAME " + t2 + ".dkim.eu-south-1.amazonses.com.\n"
                                "x._domainkey CNAME \" x.dkim.amazonses.com.\"\n";  // a syntax error (ZONE000)
  SourceSet files;
  const FileId f = files.add("example.com.zone", zone_text);
  LoadOptions load;
  load.origin = name("example.com");
  const Zone zone = load_zone(files, f, load);
  RuleOptions options;
  const LintContext context(zone, options);
  const SesAnalysis& a = context.analysis<SesAnalysis>();
  const Identity* mail = a.identity(name("MAIL.example.com"));  // found ignoring case
  ASSERT_NE(mail, nullptr);
  EXPECT_EQ(mail->dkim.size(), 2u);
  EXPECT_EQ(a.hosted_zone(*mail), "dkim.eu-south-1.amazonses.com");
  EXPECT_EQ(a.identity(name("other.example.com")), nullptr);
  EXPECT_EQ(zone_anchor(context), std::optional<std::uint32_t>(1));  // the SOA, not the first record
  EXPECT_TRUE(unread_line_mentions(context, "X._DOMAINKEY"));
  EXPECT_FALSE(unread_line_mentions(context, t1));

  SesIdentityData data;
  data.signing_hosted_zone = "dkim.ap-south-2.amazonses.com";
  data.domain = name("mail.example.com");
  options.ses_identities.push_back(data);
  const LintContext with_identity(zone, options);
  const SesAnalysis& b = with_identity.analysis<SesAnalysis>();
  EXPECT_EQ(b.hosted_zone(*b.identity(name("mail.example.com"))), "dkim.ap-south-2.amazonses.com");
}

// The block-at-a-time scans (SSE2 or eight bytes) against their definitions, byte by byte, on
// strings of every length up to 70 with the bytes they look for anywhere, the last block
// overlapping the one before included.
TEST(TextScans, MaybeStrayTextAndIfindAsciiMatchTheirDefinitions) {
  std::mt19937 random(5);
  const std::string alphabet = std::string("abcXYZ019.-_ exampleEXAMPLE") + '\x7F' + '\\' + '\'' + '`' + '"' + '\t' +
                               '\x01' + '\x80' + '\xE2' + '\xFF' + '@' + '^' + '{';
  const auto stray = [](unsigned char c) {
    return c < 0x20 || c >= 0x7F || c == '\\' || c == '\'' || c == '`' || c == '"';
  };
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  const std::string needles[] = {"example", "e", "Ex", "amazonses"};
  int strays = 0;
  int found = 0;
  for (int n = 0; n < 30000; ++n) {
    const std::size_t length = random() % 71;
    std::string s;
    // Mostly plain text, so that a byte looked for is often alone in its block.
    for (std::size_t k = 0; k < length; ++k)
      s += random() % 8 == 0 ? alphabet[random() % alphabet.size()] : "example"[random() % 7];
    bool expected = false;
    for (const char c : s) expected = expected || stray(static_cast<unsigned char>(c));
    ASSERT_EQ(maybe_stray_text(s), expected) << s.size() << " " << s;
    strays += expected ? 1 : 0;
    const std::string& needle = needles[random() % 4];
    const std::size_t from = s.empty() ? 0 : random() % (s.size() + 1);
    std::size_t want = std::string::npos;
    for (std::size_t i = from; i + needle.size() <= s.size() && want == std::string::npos; ++i) {
      bool same = true;
      for (std::size_t k = 0; k < needle.size(); ++k) same = same && lower(s[i + k]) == lower(needle[k]);
      if (same) want = i;
    }
    ASSERT_EQ(ifind_ascii(s, needle, from), want) << s << " " << needle << " " << from;
    found += want != std::string::npos ? 1 : 0;
  }
  EXPECT_GT(strays, 5000);
  EXPECT_LT(strays, 25000);
  EXPECT_GT(found, 5000);
}

}  // namespace
}  // namespace zonelint::ses
