// Route 53: `aws route53 list-resource-record-sets` output ({"ResourceRecordSets": [...]}, or the
// bare list a --query leaves) and ChangeResourceRecordSets change batches ({"Changes": [...]},
// also wrapped in "ChangeBatch" as --cli-input-json has it).
//
// Names and values are absolute whether or not they end with a dot (Route 53 treats both as
// fully qualified), so a missing dot is added as glue and never reported. Values are in
// presentation format: TXT values carry their own quotes, MX values their preference, and
// Route 53's octal escapes (\052 for '*') are presentation escapes. AliasTarget record sets become
// entries flagged record_flag::alias whose RDATA is the alias target. DELETE changes are not
// records of the zone after the change and are skipped.

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "model/record.hpp"
#include "parse/import_common.hpp"

namespace zonelint::import {
namespace {

class Route53Importer : Importer {
 public:
  using Importer::Importer;

  void run();

 private:
  void record_sets(const doc::Value& list);
  void changes(const doc::Value& list);
  void record_set(const doc::Value& rs);
  void one_page(const doc::Value& root);
  const doc::Value* string_member(const doc::Value& object, std::string_view key, std::string_view what,
                                  bool required = true);

  ApexFinder apex_;
};

const doc::Value* Route53Importer::string_member(const doc::Value& object, std::string_view key,
                                                 std::string_view what, bool required) {
  const doc::Member* m = object.find_member(key);
  if (m == nullptr) {
    if (required) findings_.error(opening(object), fmt::format("{} has no \"{}\"", what, key));
    return nullptr;
  }
  if (m->value.kind != doc::Kind::string) {
    findings_.error(m->value.span, fmt::format("\"{}\" must be a string, found {}", key, kind_phrase(m->value.kind)));
    return nullptr;
  }
  return &m->value;
}

void Route53Importer::record_set(const doc::Value& rs) {
  if (rs.kind != doc::Kind::object) {
    findings_.error(rs.span, fmt::format("expected a record set (an object with Name, Type, TTL and "
                                         "ResourceRecords), found {}",
                                         kind_phrase(rs.kind)));
    return;
  }
  const doc::Value* name = string_member(rs, "Name", "this record set");
  const doc::Value* type = string_member(rs, "Type", "this record set");
  if (name == nullptr || type == nullptr) return;
  if (name->text.empty()) {
    findings_.error(name->span, "the record set's Name is empty");
    return;
  }
  const std::string_view type_text = type->text.str();
  const auto code = type_from_text(type_text);
  if (const auto problem = route53_type_problem(type_text)) {
    findings_.error(type->text.span(), *problem);
    return;
  }
  Entry entry;
  entry.where = rs.span;  // also marks the record set, for record_flag::routing_policy
  entry.owner = Part::make_name(Piece(name->text), Syntax::route53, true);
  entry.type = Piece(type->text);
  // A record set of a routing policy (weighted, latency, geolocation, failover, multivalue) is
  // keyed by (name, type, SetIdentifier): its values are one answer, not one RRset with the other
  // sets of the same name and type.
  if (rs.find_member("SetIdentifier") != nullptr) entry.flags |= record_flag::routing_policy;

  const doc::Member* ttl = rs.find_member("TTL");
  const doc::Member* records = rs.find_member("ResourceRecords");
  const doc::Member* alias = rs.find_member("AliasTarget");
  if (alias != nullptr) {
    if (records != nullptr) {
      findings_.error(records->key_span, "a record set has either ResourceRecords or an AliasTarget, not both");
      return;
    }
    if (ttl != nullptr) {
      findings_.error(ttl->key_span, "an alias record set has no TTL (Route 53 uses the alias target's); remove it");
      return;
    }
    if (alias->value.kind != doc::Kind::object) {
      findings_.error(alias->value.span,
                      fmt::format("AliasTarget must be an object with HostedZoneId, DNSName and EvaluateTargetHealth, "
                                  "found {}",
                                  kind_phrase(alias->value.kind)));
      return;
    }
    const doc::Value* target = string_member(alias->value, "DNSName", "AliasTarget");
    if (target == nullptr) return;
    if (target->text.empty()) {
      findings_.error(target->span, "the alias target's DNSName is empty");
      return;
    }
    entry.ttl = Part::make_glue(std::string(alias_ttl), alias->key_span);
    entry.rdata.push_back(Part::make_name(Piece(target->text), Syntax::route53, true));
    entry.flags |= record_flag::alias;
    const auto [b, e] = writer_.write(entry);
    apex_.owner(writer_.text().substr(b, e - b), *code);
    return;
  }
  if (records == nullptr) {
    findings_.error(opening(rs), "this record set has neither ResourceRecords nor an AliasTarget");
    return;
  }
  if (ttl == nullptr) {
    findings_.error(opening(rs), "this record set has ResourceRecords but no TTL");
    return;
  }
  if (!unsigned_number(ttl->value, 2147483647)) {
    findings_.error(ttl->value.span, ttl->value.kind == doc::Kind::number
                                         ? "TTL must be a whole number of seconds from 0 to 2147483647"
                                         : fmt::format("TTL must be a number, found {}", kind_phrase(ttl->value.kind)));
    return;
  }
  entry.ttl = Part::make_scalar(ttl->value);
  if (records->value.kind != doc::Kind::array) {
    findings_.error(records->value.span, fmt::format("ResourceRecords must be an array of {{\"Value\": ...}} objects, "
                                                     "found {}",
                                                     kind_phrase(records->value.kind)));
    return;
  }
  if (records->value.items.empty()) {
    findings_.error(records->value.span, "ResourceRecords is empty; Route 53 needs at least one value");
    return;
  }
  for (const doc::Value& item : records->value.items) {
    if (item.kind != doc::Kind::object) {
      findings_.error(item.span, fmt::format("expected {{\"Value\": ...}}, found {}", kind_phrase(item.kind)));
      continue;
    }
    const doc::Value* value = string_member(item, "Value", "this resource record");
    if (value == nullptr) continue;
    Entry one = entry;
    const Piece whole(value->text);
    if (is_single_name_type(*code)) {
      if (whole.empty()) {
        findings_.error(value->span, fmt::format("the {} value is empty", type_text));
        continue;
      }
      // One name, whatever it holds: a space or quote stays inside it for SES003 to point at.
      one.rdata.push_back(Part::make_name(whole, Syntax::route53, true));
    } else {
      const auto fields = trimmed_fields(whole, value->span, "value", type_text, "Route 53 may refuse it: remove it");
      if (!fields) continue;
      presentation_parts(*code, *fields, Syntax::route53, true, 0, one.rdata);
    }
    const auto [b, e] = writer_.write(one);
    apex_.owner(writer_.text().substr(b, e - b), *code);
  }
}

// "IsTruncated": true (the API's page) or a "NextToken" (the CLI's page under --max-items): the
// records of the next pages are not in this file, so what the zone seems to lack may be there.
void Route53Importer::one_page(const doc::Value& root) {
  const doc::Member* truncated = root.find_member("IsTruncated");
  // The API's own "IsTruncated": false says this is the last page, whatever token rode along.
  if (truncated != nullptr && truncated->value.kind == doc::Kind::boolean && !truncated->value.boolean) return;
  if (truncated != nullptr && !(truncated->value.kind == doc::Kind::boolean && truncated->value.boolean))
    truncated = nullptr;
  const doc::Member* token = root.find_member("NextToken");
  if (token != nullptr && (token->value.kind != doc::Kind::string || token->value.text.empty())) token = nullptr;
  const doc::Member* at = truncated != nullptr ? truncated : token;
  if (at == nullptr) return;
  out_.truncated = true;
  findings_.note({at->key_span.file, at->key_span.begin, at->value.span.end},
                 fmt::format("this export is one page of the zone's record sets ({}): the record sets on the next "
                             "pages are not in it, so zonelint skips the checks of what the zone lacks (an "
                             "incomplete DKIM set, no SPF or NS record); export every record set with `aws route53 "
                             "list-resource-record-sets --hosted-zone-id ZONE_ID` without --max-items (the CLI "
                             "fetches the pages itself) and check that file",
                             truncated != nullptr ? "\"IsTruncated\": true" : "it has a \"NextToken\""));
}

void Route53Importer::record_sets(const doc::Value& list) {
  if (list.kind != doc::Kind::array) {
    findings_.error(list.span, fmt::format("ResourceRecordSets must be an array, found {}", kind_phrase(list.kind)));
    return;
  }
  for (const doc::Value& rs : list.items) record_set(rs);
}

void Route53Importer::changes(const doc::Value& list) {
  if (list.kind != doc::Kind::array) {
    findings_.error(list.span, fmt::format("Changes must be an array, found {}", kind_phrase(list.kind)));
    return;
  }
  for (const doc::Value& change : list.items) {
    if (change.kind != doc::Kind::object) {
      findings_.error(change.span, fmt::format("expected a change ({{\"Action\": ..., \"ResourceRecordSet\": ...}}), "
                                               "found {}",
                                               kind_phrase(change.kind)));
      continue;
    }
    const doc::Value* action = string_member(change, "Action", "this change");
    const doc::Member* rs = change.find_member("ResourceRecordSet");
    if (rs == nullptr) {
      findings_.error(opening(change), "this change has no \"ResourceRecordSet\"");
      continue;
    }
    if (action == nullptr) continue;
    const std::string_view a = action->text.str();
    if (a == "DELETE") continue;  // not in the zone once the batch is applied
    if (a != "CREATE" && a != "UPSERT") {
      findings_.error(action->span,
                      fmt::format("unknown Action \"{}\"; Route 53 takes CREATE, UPSERT or DELETE", shown(a)));
      continue;
    }
    record_set(rs->value);
  }
}

void Route53Importer::run() {
  out_.format = InputFormat::route53_json;
  const JsonDocument json = read_json_or_yaml(file_);
  if (!json.ok()) {
    findings_.error(json.error->span, json.error->message);
  } else {
    const doc::Value& root = json.root;
    const doc::Value* batch = &root;
    if (root.kind == doc::Kind::object) {
      if (const doc::Member* wrapped = root.find_member("ChangeBatch")) batch = &wrapped->value;
    }
    const auto is_page = [](const doc::Value& v) {
      return v.kind == doc::Kind::object && v.find_member("ResourceRecordSets") != nullptr;
    };
    if (root.kind == doc::Kind::array && !root.items.empty() && is_page(root.items.front())) {
      // `--output yaml-stream`: the pages one after another, as a list. Only the last can be
      // missing a next page.
      for (const doc::Value& page : root.items) {
        if (!is_page(page)) {
          findings_.error(page.kind == doc::Kind::object ? opening(page) : page.span,
                          "expected another page of record sets ({\"ResourceRecordSets\": [...]}), as the pages "
                          "before it");
          continue;
        }
        record_sets(page.find_member("ResourceRecordSets")->value);
      }
      one_page(root.items.back());
    } else if (root.kind == doc::Kind::array) {
      record_sets(root);
    } else if (root.kind == doc::Kind::object && root.find_member("ResourceRecordSets") != nullptr) {
      record_sets(root.find_member("ResourceRecordSets")->value);
      one_page(root);
    } else if (batch->kind == doc::Kind::object && batch->find_member("Changes") != nullptr) {
      out_.format = InputFormat::route53_change_batch;
      changes(batch->find_member("Changes")->value);
    } else {
      findings_.error(root.kind == doc::Kind::object ? opening(root) : root.span,
                      "expected Route 53 JSON: {\"ResourceRecordSets\": [...]} from aws route53 "
                      "list-resource-record-sets, or a change batch {\"Changes\": [...]}");
    }
  }
  hand_over(apex_, "Route 53 export");
}

}  // namespace

void import_route53(const SourceFile& file, const ImportOptions& options, Import& out) {
  Route53Importer(file, options, out).run();
}

}  // namespace zonelint::import
