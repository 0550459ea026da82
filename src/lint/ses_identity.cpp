#include "lint/ses_identity.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include <fmt/format.h>

namespace zonelint {

namespace {

using json = nlohmann::json;

// A member of an object, its key matched ignoring case (the AWS CLI prints PascalCase, some SDKs
// camelCase); nullptr when absent or when `object` is not an object.
const json* member(const json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  if (const auto it = object.find(std::string(key)); it != object.end()) return &*it;
  for (auto it = object.begin(); it != object.end(); ++it)
    if (ascii_iequals(it.key(), key)) return &it.value();
  return nullptr;
}

std::optional<std::string> string_member(const json& object, std::string_view key) {
  const json* value = member(object, key);
  if (value == nullptr || !value->is_string()) return std::nullopt;
  return value->get<std::string>();
}

bool has_any(const json& object, std::initializer_list<std::string_view> keys) {
  return std::any_of(keys.begin(), keys.end(), [&](std::string_view k) { return member(object, k) != nullptr; });
}

// "example.com", or the domain of an email-address identity ("user@example.com"): SES gives an
// address identity the DKIM tokens of its domain.
std::optional<Name> domain_name(std::string text) {
  if (const auto at = text.rfind('@'); at != std::string::npos) text.erase(0, at + 1);
  if (text.empty()) return std::nullopt;
  if (!text.ends_with('.')) text += '.';
  Name name;
  NameError error;
  if (!parse_name(text, NameView(), name, error)) return std::nullopt;
  return name;
}

std::vector<std::string> string_array(const json* value) {
  std::vector<std::string> out;
  if (value != nullptr && value->is_array())
    for (const json& item : *value)
      if (item.is_string()) out.push_back(item.get<std::string>());
  return out;
}

std::optional<std::string> hosted_zone(const json& object) {
  auto zone = string_member(object, "SigningHostedZone");
  if (!zone) return std::nullopt;
  std::string& z = *zone;
  while (!z.empty() && (z.back() == '.' || z.back() == ' ')) z.pop_back();
  z.erase(0, std::min(z.find_first_not_of(" ."), z.size()));
  for (char& c : z) c = static_cast<char>(ascii_lower(static_cast<unsigned char>(c)));
  if (z.empty()) return std::nullopt;
  return zone;
}

// SES v2 DkimAttributes (or the PutEmailIdentityDkimSigningAttributes response, whose keys are
// DkimTokens and DkimStatus).
void read_v2_dkim(const json& attrs, SesIdentityData& data) {
  if (const json* tokens = member(attrs, "Tokens")) data.dkim_tokens = string_array(tokens);
  else data.dkim_tokens = string_array(member(attrs, "DkimTokens"));
  data.signing_hosted_zone = hosted_zone(attrs);
  data.signing_origin = string_member(attrs, "SigningAttributesOrigin");
  data.dkim_status = string_member(attrs, "Status");
  if (!data.dkim_status) data.dkim_status = string_member(attrs, "DkimStatus");
}

// Every value is an object: a map from identity to attributes (SES v1), not SES v2's attributes.
bool is_identity_map(const json& object) {
  return object.is_object() && !object.empty() &&
         std::all_of(object.begin(), object.end(), [](const json& v) { return v.is_object(); });
}

SesIdentityData& entry_for(std::vector<SesIdentityData>& out, std::size_t before, std::string_view source,
                           const std::optional<Name>& domain) {
  if (domain) {
    for (std::size_t i = before; i < out.size(); ++i)
      if (out[i].domain && out[i].domain->view() == domain->view()) return out[i];
  }
  SesIdentityData data;
  data.source = std::string(source);
  data.domain = domain;
  out.push_back(std::move(data));
  return out.back();
}

// SES v1: {"<identity>": {"DkimEnabled", "DkimVerificationStatus", "DkimTokens"}} and
// {"<identity>": {"VerificationStatus", "VerificationToken"}}.
void read_identity_map(const json& map, std::vector<SesIdentityData>& out, std::size_t before,
                       std::string_view source) {
  for (auto it = map.begin(); it != map.end(); ++it) {
    const json& entry = it.value();
    if (!entry.is_object()) continue;
    SesIdentityData& data = entry_for(out, before, source, domain_name(it.key()));
    if (const json* tokens = member(entry, "DkimTokens")) data.dkim_tokens = string_array(tokens);
    if (auto status = string_member(entry, "DkimVerificationStatus")) data.dkim_status = std::move(status);
    if (auto token = string_member(entry, "VerificationToken")) data.verification_token = std::move(token);
    if (auto status = string_member(entry, "VerificationStatus")) data.verification_status = std::move(status);
  }
}

}  // namespace

bool parse_ses_identity_json(std::string_view text, std::string_view source, std::vector<SesIdentityData>& out,
                             std::string& error) {
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    error = fmt::format("{}: not valid JSON (byte {}): {}", source, e.byte, e.what());
    return false;
  }
  const std::size_t before = out.size();
  if (doc.is_array()) {
    // aws sesv2 get-email-identity --query DkimAttributes.Tokens
    SesIdentityData data;
    data.source = std::string(source);
    data.dkim_tokens = string_array(&doc);
    if (!data.dkim_tokens.empty() && data.dkim_tokens.size() == doc.size()) out.push_back(std::move(data));
  } else if (!doc.is_object()) {
    error = fmt::format("{}: expected a JSON object from the AWS CLI", source);
    return false;
  } else {
    const json* attrs = member(doc, "DkimAttributes");
    if (attrs != nullptr && is_identity_map(*attrs)) {
      // aws ses get-identity-dkim-attributes
      read_identity_map(*attrs, out, before, source);
    } else if (attrs != nullptr && attrs->is_object() && !attrs->empty()) {
      // aws sesv2 get-email-identity / create-email-identity
      SesIdentityData data;
      data.source = std::string(source);
      read_v2_dkim(*attrs, data);
      if (const json* mf = member(doc, "MailFromAttributes")) {
        if (auto domain = string_member(*mf, "MailFromDomain")) data.mail_from_domain = domain_name(*domain);
      }
      data.verification_status = string_member(doc, "VerificationStatus");
      out.push_back(std::move(data));
    } else if (has_any(doc, {"Tokens", "SigningAttributesOrigin", "SigningHostedZone", "SigningEnabled"})) {
      // aws sesv2 get-email-identity --query DkimAttributes
      SesIdentityData data;
      data.source = std::string(source);
      read_v2_dkim(doc, data);
      out.push_back(std::move(data));
    } else if (member(doc, "DkimTokens") != nullptr) {
      // aws ses verify-domain-dkim; aws sesv2 put-email-identity-dkim-signing-attributes
      SesIdentityData data;
      data.source = std::string(source);
      read_v2_dkim(doc, data);
      out.push_back(std::move(data));
    }
    // aws ses get-identity-verification-attributes
    if (const json* verification = member(doc, "VerificationAttributes"); verification != nullptr &&
                                                                           is_identity_map(*verification)) {
      read_identity_map(*verification, out, before, source);
    }
    // aws ses verify-domain-identity
    if (auto token = string_member(doc, "VerificationToken")) {
      SesIdentityData data;
      data.source = std::string(source);
      data.verification_token = std::move(token);
      out.push_back(std::move(data));
    }
    // --query DkimAttributes or --query VerificationAttributes of the SES v1 commands
    if (out.size() == before && is_identity_map(doc)) {
      const bool v1 = std::all_of(doc.begin(), doc.end(), [](const json& v) {
        return has_any(v, {"DkimTokens", "DkimEnabled", "VerificationToken", "VerificationStatus"});
      });
      if (v1) read_identity_map(doc, out, before, source);
    }
  }
  if (out.size() == before) {
    error = fmt::format("{}: no SES identity data found; expected the JSON printed by `aws sesv2 "
                        "get-email-identity`, `aws ses get-identity-dkim-attributes`, `aws ses verify-domain-dkim` "
                        "or `aws ses get-identity-verification-attributes`",
                        source);
    return false;
  }
  for (std::size_t i = before; i < out.size(); ++i) {
    for (const std::string& token : out[i].dkim_tokens) {
      if (token.empty() || token.size() > 63 || token.find_first_of(". \t") != std::string::npos) {
        error = fmt::format("{}: DKIM token \"{}\" is not a DNS label", source, token);
        out.resize(before);
        return false;
      }
    }
  }
  return true;
}

}  // namespace zonelint
