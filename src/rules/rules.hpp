#pragma once
// One accessor per rule; each is defined in the rule's own file and listed in registry.cpp.

#include "lint/rule.hpp"

namespace zonelint::rules {

const Rule& ses001_dkim_target_not_fqdn();
const Rule& ses002_duplicated_origin();
const Rule& ses003_stray_characters();
const Rule& ses004_malformed_dkim_token();
const Rule& ses005_dkim_token_mismatch();
const Rule& ses006_domainkey_label_malformed();
const Rule& ses007_wrong_dkim_target();
const Rule& ses008_incomplete_dkim_set();
const Rule& ses009_dkim_wrong_record_type();
const Rule& ses010_proxied_dkim_cname();
const Rule& ses011_verification_token_malformed();
const Rule& ses012_ses_identity_mismatch();
const Rule& ses013_delegation_mismatch();
const Rule& ses014_mail_from_misconfigured();
const Rule& ses015_spf_record_invalid();
const Rule& ses016_dmarc_record_invalid();
const Rule& ses017_byodkim_record_invalid();
const Rule& ses018_misspelt_zone_name();
const Rule& zone000_syntax_error();
const Rule& zone001_cname_and_other_data();
const Rule& zone002_multiple_cnames();
const Rule& zone003_relative_target_looks_absolute();
const Rule& zone004_out_of_zone_record();
const Rule& zone005_duplicate_record();
const Rule& zone006_rrset_ttl_mismatch();
const Rule& zone007_long_negative_ttl();
const Rule& zone008_cname_at_apex();
const Rule& zone009_target_is_alias();
const Rule& zone010_misplaced_soa();
const Rule& zone011_missing_apex_ns();
const Rule& zone012_null_target_with_others();
const Rule& zone013_target_is_address();
const Rule& zone014_data_below_dname();
const Rule& zone015_cname_loop();
const Rule& zone090_unused_suppression();
const Rule& zone091_invalid_suppression();

}  // namespace zonelint::rules
