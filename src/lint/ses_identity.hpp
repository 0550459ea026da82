#pragma once
// What Amazon SES expects for one identity, read from AWS CLI JSON (`--ses-identity`).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/name.hpp"

namespace zonelint {

struct SesIdentityData {
  std::string source;                      // file it was read from, for messages
  std::optional<Name> domain;              // the identity, when the JSON or the user names it
  // Easy DKIM: the tokens SES expects (three per identity and region). BYODKIM
  // (SigningAttributesOrigin EXTERNAL): the selector of the public key, as SES reports it.
  std::vector<std::string> dkim_tokens;
  std::optional<std::string> signing_hosted_zone;  // e.g. dkim.amazonses.com (SES v2), no trailing dot
  std::optional<std::string> signing_origin;       // AWS_SES, EXTERNAL, AWS_SES_<REGION> (SES v2)
  std::optional<std::string> dkim_status;          // SUCCESS, PENDING, FAILED, ... (as SES spells it)
  std::optional<std::string> verification_token;   // legacy _amazonses TXT value
  std::optional<std::string> verification_status;  // of the identity (v2) or of the TXT token (v1)
  std::optional<Name> mail_from_domain;

  // DKIM with the customer's own key: dkim_tokens holds selectors, not Easy DKIM tokens.
  [[nodiscard]] bool byodkim() const noexcept { return signing_origin && *signing_origin == "EXTERNAL"; }
  // The Easy DKIM tokens (none for BYODKIM).
  [[nodiscard]] const std::vector<std::string>& easy_dkim_tokens() const noexcept {
    static const std::vector<std::string> none;
    return byodkim() ? none : dkim_tokens;
  }
};

// Parses the JSON printed by one of:
//   aws sesv2 get-email-identity / create-email-identity   {"DkimAttributes": {"Tokens": [...], ...}}
//     (also with --query DkimAttributes, or --query DkimAttributes.Tokens: a bare array)
//   aws sesv2 put-email-identity-dkim-signing-attributes   {"DkimStatus", "DkimTokens", "SigningHostedZone"}
//   aws ses get-identity-dkim-attributes                   {"DkimAttributes": {"<domain>": {"DkimTokens": [...]}}}
//   aws ses verify-domain-dkim                             {"DkimTokens": [...]}
//   aws ses get-identity-verification-attributes           {"VerificationAttributes": {"<domain>": {...}}}
//   aws ses verify-domain-identity                         {"VerificationToken": "..."}
// Keys are matched ignoring case, so SDK dumps in camelCase read the same. Several identities in
// one file give several entries; an email-address identity counts for its domain. On failure
// returns false with `error` set (including the byte position for invalid JSON) and `out` as it was.
bool parse_ses_identity_json(std::string_view json, std::string_view source, std::vector<SesIdentityData>& out,
                             std::string& error);

}  // namespace zonelint
