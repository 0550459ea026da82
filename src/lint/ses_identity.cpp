#include "lint/ses_identity.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include <fmt/format.h>

namespace zonelint {

namespace {

using json = nlohmann::json;

std::optional<Name> domain_name(const std::string& text) {
  std::string t = text;
  if (!t.ends_with('.')) t += '.';
  Name name;
  NameError error;
  if (!parse_name(t, NameView(), name, error)) return std::nullopt;
  return name;
}

std::vector<std::string> string_array(const json& value) {
  std::vector<std::string> out;
  if (value.is_array())
    for (const json& item : value)
      if (item.is_string()) out.push_back(item.get<std::string>());
  return out;
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
  if (!doc.is_object()) {
    error = fmt::format("{}: expected a JSON object from the AWS CLI", source);
    return false;
  }
  const std::size_t before = out.size();
  // aws ses get-identity-dkim-attributes: {"DkimAttributes": {"example.com": {"DkimTokens": [...]}}}
  // aws sesv2 get-email-identity / create-email-identity: {"DkimAttributes": {"Tokens": [...], ...}}
  if (doc.contains("DkimAttributes") && doc["DkimAttributes"].is_object()) {
    const json& attrs = doc["DkimAttributes"];
    if (attrs.contains("Tokens") || attrs.contains("SigningHostedZone") || attrs.contains("SigningEnabled")) {
      SesIdentityData data;
      data.source = std::string(source);
      data.dkim_tokens = string_array(attrs.value("Tokens", json::array()));
      if (attrs.contains("SigningHostedZone") && attrs["SigningHostedZone"].is_string())
        data.signing_hosted_zone = attrs["SigningHostedZone"].get<std::string>();
      if (doc.contains("MailFromAttributes") && doc["MailFromAttributes"].is_object()) {
        const json& mf = doc["MailFromAttributes"];
        if (mf.contains("MailFromDomain") && mf["MailFromDomain"].is_string())
          data.mail_from_domain = domain_name(mf["MailFromDomain"].get<std::string>());
      }
      out.push_back(std::move(data));
    } else {
      for (const auto& [domain, entry] : attrs.items()) {
        if (!entry.is_object()) continue;
        SesIdentityData data;
        data.source = std::string(source);
        data.domain = domain_name(domain);
        data.dkim_tokens = string_array(entry.value("DkimTokens", json::array()));
        out.push_back(std::move(data));
      }
    }
  }
  // aws ses verify-domain-dkim: {"DkimTokens": [...]}
  if (doc.contains("DkimTokens")) {
    SesIdentityData data;
    data.source = std::string(source);
    data.dkim_tokens = string_array(doc["DkimTokens"]);
    out.push_back(std::move(data));
  }
  // aws ses get-identity-verification-attributes: {"VerificationAttributes": {"example.com": {...}}}
  if (doc.contains("VerificationAttributes") && doc["VerificationAttributes"].is_object()) {
    for (const auto& [domain, entry] : doc["VerificationAttributes"].items()) {
      if (!entry.is_object()) continue;
      const auto name = domain_name(domain);
      auto it = std::find_if(out.begin() + static_cast<std::ptrdiff_t>(before), out.end(),
                             [&](const SesIdentityData& d) { return d.domain && name && d.domain->view() == name->view(); });
      if (it == out.end()) {
        SesIdentityData data;
        data.source = std::string(source);
        data.domain = name;
        out.push_back(std::move(data));
        it = out.end() - 1;
      }
      if (entry.contains("VerificationToken") && entry["VerificationToken"].is_string())
        it->verification_token = entry["VerificationToken"].get<std::string>();
    }
  }
  // aws ses verify-domain-identity: {"VerificationToken": "..."}
  if (doc.contains("VerificationToken") && doc["VerificationToken"].is_string()) {
    SesIdentityData data;
    data.source = std::string(source);
    data.verification_token = doc["VerificationToken"].get<std::string>();
    out.push_back(std::move(data));
  }
  if (out.size() == before) {
    error = fmt::format("{}: no SES identity data found; expected the JSON printed by `aws sesv2 "
                        "get-email-identity`, `aws ses get-identity-dkim-attributes` or `aws ses verify-domain-dkim`",
                        source);
    return false;
  }
  for (std::size_t i = before; i < out.size(); ++i) {
    for (const std::string& token : out[i].dkim_tokens) {
      if (token.empty() || token.size() > 63) {
        error = fmt::format("{}: DKIM token \"{}\" is not a DNS label", source, token);
        return false;
      }
    }
  }
  return true;
}

}  // namespace zonelint
