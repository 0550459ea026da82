#include "lint/registry.hpp"

#include <algorithm>

#include "model/name.hpp"
#include "rules/rules.hpp"

namespace zonelint {

std::span<const Rule* const> all_rules() {
  // Sorted by code; a unit test checks the order, uniqueness and documentation.
  static const Rule* const rules[] = {
      &rules::ses001_dkim_target_not_fqdn(),
      &rules::ses002_duplicated_origin(),
      &rules::ses003_stray_characters(),
      &rules::ses004_malformed_dkim_token(),
      &rules::ses005_dkim_token_mismatch(),
      &rules::ses006_domainkey_label_malformed(),
      &rules::ses007_wrong_dkim_target(),
      &rules::ses008_incomplete_dkim_set(),
      &rules::ses009_dkim_wrong_record_type(),
      &rules::ses010_proxied_dkim_cname(),
      &rules::ses011_verification_token_malformed(),
      &rules::ses012_ses_identity_mismatch(),
      &rules::ses013_delegation_mismatch(),
      &rules::ses014_mail_from_misconfigured(),
      &rules::ses015_spf_record_invalid(),
      &rules::ses016_dmarc_record_invalid(),
      &rules::ses017_byodkim_record_invalid(),
      &rules::ses018_misspelt_zone_name(),
      &rules::zone000_syntax_error(),
      &rules::zone001_cname_and_other_data(),
      &rules::zone002_multiple_cnames(),
      &rules::zone003_relative_target_looks_absolute(),
      &rules::zone004_out_of_zone_record(),
      &rules::zone005_duplicate_record(),
      &rules::zone006_rrset_ttl_mismatch(),
      &rules::zone007_long_negative_ttl(),
      &rules::zone008_cname_at_apex(),
      &rules::zone009_target_is_alias(),
      &rules::zone010_misplaced_soa(),
      &rules::zone011_missing_apex_ns(),
      &rules::zone012_null_target_with_others(),
      &rules::zone013_target_is_address(),
      &rules::zone014_data_below_dname(),
      &rules::zone015_cname_loop(),
      &rules::zone090_unused_suppression(),
      &rules::zone091_invalid_suppression(),
  };
  return rules;
}

const Rule* find_rule(std::string_view code_or_slug) {
  for (const Rule* rule : all_rules()) {
    if (ascii_iequals(rule->info().code, code_or_slug) || ascii_iequals(rule->info().slug, code_or_slug)) return rule;
  }
  return nullptr;
}

}  // namespace zonelint
