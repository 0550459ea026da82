// --ses-identity: the JSON shapes the AWS CLI prints for SES identities.

#include "lint/ses_identity.hpp"

#include <gtest/gtest.h>

#include "app/check.hpp"
#include "lint/context.hpp"

namespace zonelint {
namespace {

std::vector<SesIdentityData> parse(std::string_view json) {
  std::vector<SesIdentityData> out;
  std::string error;
  EXPECT_TRUE(parse_ses_identity_json(json, "identity.json", out, error)) << error;
  return out;
}

std::string text(const std::optional<Name>& name) { return name ? name->to_text() : std::string("(none)"); }

TEST(SesIdentity, Sesv2GetEmailIdentity) {
  const auto out = parse(R"({
    "IdentityType": "DOMAIN",
    "FeedbackForwardingStatus": true,
    "VerifiedForSendingStatus": false,
    "DkimAttributes": {
        "SigningEnabled": true,
        "Status": "PENDING",
        "Tokens": ["sqkxhab2f4cliyj7kzjgv66idflvpymb", "gf4ynuy246ceoeenwwrdt43zvnx6rzhq", "5wso7bqageonip4z77voj7g6kzwdtbpo"],
        "SigningHostedZone": "dkim.ap-south-2.amazonses.com.",
        "SigningAttributesOrigin": "AWS_SES",
        "NextSigningKeyLength": "RSA_2048_BIT",
        "CurrentSigningKeyLength": "RSA_2048_BIT",
        "LastKeyGenerationTimestamp": "2024-06-12T09:41:07.118000+00:00"
    },
    "MailFromAttributes": {"MailFromDomain": "bounce.example.com", "MailFromDomainStatus": "SUCCESS",
                           "BehaviorOnMxFailure": "USE_DEFAULT_VALUE"},
    "Policies": {},
    "Tags": [],
    "VerificationStatus": "PENDING",
    "VerificationInfo": {"ErrorType": "HOST_NOT_FOUND"}
  })");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_FALSE(out[0].domain);  // get-email-identity does not name the identity
  ASSERT_EQ(out[0].dkim_tokens.size(), 3u);
  EXPECT_EQ(out[0].dkim_tokens[1], "gf4ynuy246ceoeenwwrdt43zvnx6rzhq");
  EXPECT_EQ(out[0].signing_hosted_zone.value_or(""), "dkim.ap-south-2.amazonses.com");  // trailing dot dropped
  EXPECT_EQ(out[0].signing_origin.value_or(""), "AWS_SES");
  EXPECT_EQ(out[0].dkim_status.value_or(""), "PENDING");
  EXPECT_EQ(out[0].verification_status.value_or(""), "PENDING");
  EXPECT_EQ(text(out[0].mail_from_domain), "bounce.example.com.");
  EXPECT_FALSE(out[0].byodkim());
  EXPECT_EQ(out[0].easy_dkim_tokens().size(), 3u);
}

TEST(SesIdentity, Sesv2QueryShapes) {
  // aws sesv2 get-email-identity --query DkimAttributes
  auto out = parse(R"({"SigningEnabled": true, "Status": "SUCCESS",
                       "Tokens": ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb3"],
                       "SigningAttributesOrigin": "AWS_SES"})");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].dkim_tokens.size(), 2u);
  EXPECT_EQ(out[0].dkim_status.value_or(""), "SUCCESS");
  // aws sesv2 get-email-identity --query DkimAttributes.Tokens
  out = parse(R"(["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb3", "ccccccccccccccccccccccccccccccc4"])");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].dkim_tokens.size(), 3u);
  // SDK dumps in camelCase
  out = parse(R"({"dkimAttributes": {"tokens": ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2"], "signingHostedZone": "dkim.amazonses.com"}})");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].dkim_tokens.size(), 1u);
  EXPECT_EQ(out[0].signing_hosted_zone.value_or(""), "dkim.amazonses.com");
}

TEST(SesIdentity, Sesv2Byodkim) {
  const auto out = parse(R"({"IdentityType": "DOMAIN", "DkimAttributes": {"SigningEnabled": true, "Status": "PENDING",
                             "Tokens": ["mailer2024"], "SigningAttributesOrigin": "EXTERNAL"}})");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0].byodkim());
  EXPECT_TRUE(out[0].easy_dkim_tokens().empty());
  EXPECT_EQ(out[0].dkim_tokens.front(), "mailer2024");
}

TEST(SesIdentity, PutDkimSigningAttributesAndVerifyDomainDkim) {
  auto out = parse(R"({"DkimStatus": "PENDING", "DkimTokens": ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2"],
                       "SigningHostedZone": "dkim.eu-south-1.amazonses.com"})");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].dkim_status.value_or(""), "PENDING");
  EXPECT_EQ(out[0].signing_hosted_zone.value_or(""), "dkim.eu-south-1.amazonses.com");
  out = parse(R"({
    "DkimTokens": [
        "EXAMPLEq76owjnks3lnluwg65scbemvw",
        "EXAMPLEi3dnsj67hstzaj673klariwx2",
        "EXAMPLEwfbtcukvimehexktmdtaz6naj"
    ]
})");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].dkim_tokens.size(), 3u);
  EXPECT_FALSE(out[0].domain);
}

TEST(SesIdentity, SesV1Maps) {
  auto out = parse(R"({
    "DkimAttributes": {
        "example.com": {"DkimEnabled": true, "DkimVerificationStatus": "Success",
                        "DkimTokens": ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb3", "ccccccccccccccccccccccccccccccc4"]},
        "user@news.example.com": {"DkimEnabled": false, "DkimVerificationStatus": "NotStarted", "DkimTokens": []}
    }
})");
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(text(out[0].domain), "example.com.");
  EXPECT_EQ(out[0].dkim_tokens.size(), 3u);
  EXPECT_EQ(out[0].dkim_status.value_or(""), "Success");
  EXPECT_EQ(text(out[1].domain), "news.example.com.");  // an address identity counts for its domain

  out = parse(R"({"VerificationAttributes": {"example.com": {"VerificationStatus": "Pending",
                  "VerificationToken": "neot2ZjOLzerZwfO+33rQsbDVJRAbRp9sDE9ZsMWE9A="}}})");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(text(out[0].domain), "example.com.");
  EXPECT_EQ(out[0].verification_token.value_or(""), "neot2ZjOLzerZwfO+33rQsbDVJRAbRp9sDE9ZsMWE9A=");
  EXPECT_EQ(out[0].verification_status.value_or(""), "Pending");

  // --query DkimAttributes of get-identity-dkim-attributes: the bare map.
  out = parse(R"({"example.com": {"DkimEnabled": true, "DkimTokens": ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2"]}})");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(text(out[0].domain), "example.com.");

  // Both commands' output merged into one file: one entry per identity.
  out = parse(R"({"DkimAttributes": {"example.com": {"DkimTokens": ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2"]}},
                  "VerificationAttributes": {"example.com": {"VerificationToken": "x="}}})");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].verification_token.value_or(""), "x=");
  EXPECT_EQ(out[0].dkim_tokens.size(), 1u);
}

TEST(SesIdentity, VerifyDomainIdentity) {
  const auto out = parse(R"({"VerificationToken": "QTKknzFg2J4ygwa+XvHAxUl1hyHoY0gVfZdfjIedHZ0="})");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].verification_token.value_or(""), "QTKknzFg2J4ygwa+XvHAxUl1hyHoY0gVfZdfjIedHZ0=");
}

TEST(SesIdentity, Errors) {
  std::vector<SesIdentityData> out;
  std::string error;
  EXPECT_FALSE(parse_ses_identity_json("{\"DkimTokens\": [", "x.json", out, error));
  EXPECT_NE(error.find("x.json: not valid JSON"), std::string::npos) << error;
  error.clear();
  EXPECT_FALSE(parse_ses_identity_json(R"({"ResourceRecordSets": []})", "x.json", out, error));
  EXPECT_NE(error.find("no SES identity data"), std::string::npos) << error;
  error.clear();
  EXPECT_FALSE(parse_ses_identity_json(R"({"DkimTokens": ["a b"]})", "x.json", out, error));
  EXPECT_NE(error.find("is not a DNS label"), std::string::npos) << error;
  error.clear();
  EXPECT_FALSE(parse_ses_identity_json(R"({"DkimAttributes": {}})", "x.json", out, error));
  EXPECT_TRUE(out.empty());
}

// --delegated-ns takes what `dig NS example.com +short` prints: one name a line, trailing dots.
TEST(RuleOptions, DelegatedNsFromDig) {
  RuleOptions options;
  std::string error;
  ASSERT_TRUE(build_rule_options({}, {"ns-1536.awsdns-00.co.uk.\nns-512.awsdns-00.net.\n", "NS-0.awsdns-00.com, ns-1024.awsdns-00.org"},
                                 options, error))
      << error;
  ASSERT_EQ(options.delegated_ns.size(), 4u);
  EXPECT_EQ(options.delegated_ns[1].to_text(), "ns-512.awsdns-00.net.");
  EXPECT_EQ(options.delegated_ns[2].to_text(), "NS-0.awsdns-00.com.");
  EXPECT_FALSE(build_rule_options({}, {"ns1..example.net"}, options, error));
  EXPECT_NE(error.find("is not a host name"), std::string::npos) << error;
}

}  // namespace
}  // namespace zonelint
