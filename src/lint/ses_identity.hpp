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
  std::vector<std::string> dkim_tokens;    // Easy DKIM tokens SES expects
  std::optional<std::string> signing_hosted_zone;  // e.g. dkim.amazonses.com (SES v2)
  std::optional<std::string> verification_token;   // legacy _amazonses TXT value
  std::optional<Name> mail_from_domain;
};

// Parses one of: `aws sesv2 get-email-identity` / `create-email-identity`,
// `aws ses get-identity-dkim-attributes`, `aws ses verify-domain-dkim`,
// `aws ses get-identity-verification-attributes`. Several identities in one file give several
// entries. On failure returns false with `error` set (including the byte position).
bool parse_ses_identity_json(std::string_view json, std::string_view source, std::vector<SesIdentityData>& out,
                             std::string& error);

}  // namespace zonelint
