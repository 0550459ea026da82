// Terraform: the hashicorp/aws provider's aws_route53_record resources, read from the JSON
// Terraform writes about them: `terraform show -json` of the state ({"values": {"root_module":
// ...}}) or of a saved plan ({"planned_values": ...}, with the zones its data sources read in
// "prior_state"), or a state file itself (terraform.tfstate, version 4: {"resources":
// [{"instances": [{"attributes": ...}]}]}). aws_route53_zone resources and data sources name the
// hosted zones. The configuration (*.tf) is not read: its values are expressions that only
// Terraform evaluates.
//
// How the provider writes a record to Route 53 (terraform-provider-aws, internal/service/route53):
// expandRecordName makes the record's name (its computed `fqdn`) from `name`: one final dot
// dropped, the zone's name appended unless the name already ends with it (as text, without a
// label boundary), the zone itself for an empty name; `records` are Route 53 values (presentation
// format; names absolute with or without the final dot), except that TXT and SPF values are
// written without their quotes, which the provider adds around each value as it stands, so a value
// holding "" is two character-strings; an `alias` block stands for an alias record set. A state
// holds the records Terraform manages, which need not be the whole zone.

#include <algorithm>
#include <map>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>

#include "model/record.hpp"
#include "parse/import_common.hpp"

namespace zonelint::import {
namespace {

// One resource of the state or plan: its attribute values and where to point about it.
struct Resource {
  const doc::Value* object = nullptr;  // the resource (or state instance) object
  const doc::Value* values = nullptr;  // its attributes
  std::string_view type;               // "aws_route53_record", ...
  bool data = false;                   // a data source
};

struct HostedZone {
  std::string id;  // empty when not known yet (a zone the plan creates)
  Name name;
};

// A string member's text, or empty when it is missing or not a string.
std::string_view string_of(const doc::Value& object, std::string_view key) {
  const doc::Value* v = object.find(key);
  return v != nullptr && v->kind == doc::Kind::string ? v->text.str() : std::string_view();
}

// The name the provider gives a record (expandRecordName): `name` without one final dot, with the
// zone's name appended unless the name ends with it as text (no label boundary: the provider
// uses strings.HasSuffix).
bool ends_with_zone(std::string_view name, std::string_view zone) {
  return name.size() >= zone.size() && ascii_iequals(name.substr(name.size() - zone.size()), zone);
}

class TerraformImporter : Importer {
 public:
  using Importer::Importer;

  void run();

 private:
  void module(const doc::Value& m, bool zones_only);
  void state_resources(const doc::Value& list);
  void zones();
  void choose_zone();
  void record(const Resource& r);
  // A record Terraform knows only after apply (a plan): counted for one note.
  void unknown(const doc::Value& at) {
    if (unknown_++ == 0) first_unknown_ = opening(at);
  }
  // The record is in a hosted zone other than the one checked: counted for one note per zone.
  [[nodiscard]] bool in_other_zone(const doc::Value& values);
  void other_zones_notes();

  bool plan_ = false;
  std::vector<Resource> resources_;
  std::vector<HostedZone> zones_;
  std::unordered_map<std::string_view, std::size_t> zone_by_id_;  // ids into zones_
  std::optional<std::size_t> checked_;  // the zone checked, when this file names it
  Name apex_name_;        // the zone checked; empty when no zone is named and the owners must tell
  std::string apex_text_; // its name as text, without the final dot
  ApexFinder apex_;
  // Records of other hosted zones, not checked, per zone id: how many, and the first one.
  std::map<std::string, std::pair<std::size_t, Span>> other_zones_;
  std::size_t unknown_ = 0;
  Span first_unknown_;
};

// A module and its child modules (the JSON reader's nesting limit bounds the recursion).
void TerraformImporter::module(const doc::Value& m, bool zones_only) {
  if (m.kind != doc::Kind::object) return;
  if (const doc::Value* list = m.find("resources"); list != nullptr && list->kind == doc::Kind::array) {
    for (const doc::Value& object : list->items) {
      if (object.kind != doc::Kind::object) continue;
      const std::string_view type = string_of(object, "type");
      if (type == "aws_route53_zone" || (type == "aws_route53_record" && !zones_only))
        resources_.push_back({&object, object.find("values"), type, string_of(object, "mode") == "data"});
    }
  }
  if (const doc::Value* children = m.find("child_modules"); children != nullptr && children->kind == doc::Kind::array)
    for (const doc::Value& child : children->items) module(child, zones_only);
}

// A state file's resources: each has the attributes of its instances (one per count or for_each
// key).
void TerraformImporter::state_resources(const doc::Value& list) {
  if (list.kind != doc::Kind::array) return;
  for (const doc::Value& object : list.items) {
    if (object.kind != doc::Kind::object) continue;
    const doc::Value* instances = object.find("instances");
    if (instances == nullptr || instances->kind != doc::Kind::array) continue;
    const std::string_view type = string_of(object, "type");
    if (type != "aws_route53_record" && type != "aws_route53_zone") continue;
    for (const doc::Value& instance : instances->items)
      if (instance.kind == doc::Kind::object)
        resources_.push_back({&instance, instance.find("attributes"), type, string_of(object, "mode") == "data"});
  }
}

void TerraformImporter::zones() {
  for (const Resource& r : resources_) {
    if (r.type != "aws_route53_zone" || r.values == nullptr || r.values->kind != doc::Kind::object) continue;
    const doc::Member* member = r.values->find_member("name");
    if (member == nullptr || member->value.kind != doc::Kind::string || member->value.text.empty()) continue;
    const std::string_view text = member->value.text.str();
    Name name;
    NameError error;
    if (!parse_name(text.back() == '.' ? std::string(text) : std::string(text) + ".", NameView(), name, error)) {
      findings_.error(member->value.text.span(), fmt::format("hosted zone name: {}", error.message));
      continue;
    }
    std::string id(string_of(*r.values, "zone_id"));
    if (id.empty() && !r.data) id = string_of(*r.values, "id");
    zones_.push_back({std::move(id), std::move(name)});
  }
  for (std::size_t i = 0; i < zones_.size(); ++i)
    if (!zones_[i].id.empty()) zone_by_id_.try_emplace(zones_[i].id, i);
}

// The zone checked: the one --origin names, else the one most records are in (the first named
// when no record says). With several zones of one name (a public and a private zone), the one
// most records are in.
void TerraformImporter::choose_zone() {
  std::vector<std::size_t> records_in(zones_.size(), 0);
  for (const Resource& r : resources_) {
    if (r.type != "aws_route53_record" || r.values == nullptr || r.values->kind != doc::Kind::object) continue;
    if (const auto it = zone_by_id_.find(string_of(*r.values, "zone_id")); it != zone_by_id_.end())
      ++records_in[it->second];
  }
  for (std::size_t i = 0; i < zones_.size(); ++i) {
    if (options_.origin && !zones_[i].name.view().equals(options_.origin->view())) continue;
    if (!checked_ || records_in[i] > records_in[*checked_]) checked_ = i;
  }
  if (checked_) apex_name_ = zones_[*checked_].name;
  else if (options_.origin) apex_name_ = *options_.origin;
  if (!apex_name_.empty()) {
    apex_text_ = apex_name_.to_text();
    apex_text_.pop_back();
  }
}

bool TerraformImporter::in_other_zone(const doc::Value& values) {
  const doc::Member* id = values.find_member("zone_id");
  if (id == nullptr || id->value.kind != doc::Kind::string || id->value.text.empty()) return false;
  const auto it = zone_by_id_.find(id->value.text.str());
  bool other = false;
  if (it != zone_by_id_.end()) {
    other = checked_ ? it->second != *checked_ : !zones_[it->second].name.view().equals(apex_name_.view());
  } else if (!apex_name_.empty()) {
    // A zone this file does not name: other when the provider's name for the record is outside
    // the zone checked.
    const std::string_view fqdn = string_of(values, "fqdn");
    other = !fqdn.empty() && !ends_with_zone(fqdn.back() == '.' ? fqdn.substr(0, fqdn.size() - 1) : fqdn, apex_text_);
  }
  if (!other) return false;
  auto& [count, first] = other_zones_[std::string(id->value.text.str())];
  if (count++ == 0) first = id->value.span;
  return true;
}

void TerraformImporter::record(const Resource& r) {
  if (r.values == nullptr || r.values->kind != doc::Kind::object) {
    if (plan_) return unknown(*r.object);
    findings_.error(opening(*r.object), "this aws_route53_record has no attribute values");
    return;
  }
  const doc::Value& values = *r.values;
  const doc::Member* name = values.find_member("name");
  const doc::Member* type = values.find_member("type");
  const doc::Member* records = values.find_member("records");
  const doc::Member* ttl = values.find_member("ttl");
  const doc::Value* alias = values.find("alias");
  const doc::Value* fqdn = values.find("fqdn");
  const bool has_fqdn = fqdn != nullptr && fqdn->kind == doc::Kind::string && !fqdn->text.empty();
  const bool has_alias = alias != nullptr && alias->kind == doc::Kind::array && !alias->items.empty();
  const bool has_records = records != nullptr && records->value.kind == doc::Kind::array && !records->value.items.empty();
  // A plan leaves out, or writes as null, what Terraform knows only after apply (a DKIM token or a
  // load balancer of a resource not created yet): such a record cannot be checked until then.
  if (plan_) {
    const bool name_unknown = name == nullptr || (name->value.kind == doc::Kind::string && name->value.text.empty() &&
                                                  !has_fqdn);
    const bool values_unknown =
        has_alias ? alias->items.front().kind != doc::Kind::object || string_of(alias->items.front(), "name").empty()
                  : !has_records || ttl == nullptr || ttl->value.kind == doc::Kind::null ||
                        std::any_of(records->value.items.begin(), records->value.items.end(),
                                    [](const doc::Value& v) { return v.kind == doc::Kind::null; });
    if (name_unknown || type == nullptr || values_unknown) return unknown(values);
  }
  if (name == nullptr || name->value.kind != doc::Kind::string) {
    findings_.error(name == nullptr ? opening(values) : name->value.span, "this aws_route53_record has no \"name\" string");
    return;
  }
  if (type == nullptr || type->value.kind != doc::Kind::string) {
    findings_.error(type == nullptr ? opening(values) : type->value.span, "this aws_route53_record has no \"type\" string");
    return;
  }
  const std::string_view type_text = type->value.text.str();
  if (const auto problem = route53_type_problem(type_text)) {
    findings_.error(type->value.text.span(), *problem);
    return;
  }
  const RRType code = *type_from_text(type_text);
  if (in_other_zone(values)) return;

  Entry entry;
  entry.where = values.span;  // also marks the record set, for record_flag::routing_policy
  entry.type = Piece(type->value.text);
  if (!string_of(values, "set_identifier").empty()) entry.flags |= record_flag::routing_policy;
  // The name as the configuration wrote it, expanded against the zone as the provider does, so
  // that a finding points into `name`; the provider's fqdn when the zone is not known here (or
  // the name is empty: the zone itself).
  Piece written(name->value.text);
  if (!written.empty() && written.str().back() == '.') written.end -= 1;
  const bool zone_known = !apex_text_.empty() && (zone_by_id_.contains(string_of(values, "zone_id")) || !has_fqdn);
  if (zone_known && !written.empty()) {
    // Relative names take the zone's name from the reader's origin, which is the zone checked.
    entry.owner = Part::make_name(written, Syntax::route53, ends_with_zone(written.str(), apex_text_));
  } else if (has_fqdn) {
    entry.owner = Part::make_name(Piece(fqdn->text), Syntax::route53, true);
  } else if (!written.empty()) {
    entry.owner = Part::make_name(written, Syntax::route53, true);
  } else {
    findings_.error(name->value.span, "the record's name is empty and it has no fqdn: its name cannot be told");
    return;
  }

  if (has_alias) {
    const doc::Value& target = alias->items.front();
    const std::string_view target_name = target.kind == doc::Kind::object ? string_of(target, "name") : "";
    if (target_name.empty()) {
      findings_.error(target.span, "the alias block has no target \"name\"");
      return;
    }
    entry.ttl = Part::make_glue(std::string(alias_ttl), alias->span);
    entry.rdata.push_back(Part::make_name(Piece(target.find("name")->text), Syntax::route53, true));
    entry.flags |= record_flag::alias;
    const auto [b, e] = writer_.write(entry);
    apex_.owner(writer_.text().substr(b, e - b), code);
    return;
  }
  if (!has_records) {
    findings_.error(records != nullptr ? records->value.span : opening(values),
                    records != nullptr && records->value.kind == doc::Kind::array
                        ? "records is empty and there is no alias block: Route 53 needs at least one value"
                        : "this aws_route53_record has neither a records list nor an alias block");
    return;
  }
  if (ttl == nullptr || !unsigned_number(ttl->value, 2147483647)) {
    findings_.error(ttl != nullptr ? ttl->value.span : opening(values),
                    "ttl must be a whole number of seconds from 0 to 2147483647 (Route 53 needs one for records)");
    return;
  }
  entry.ttl = Part::make_scalar(ttl->value);
  const bool text_type = code == rr::TXT || code == rr::SPF;
  for (const doc::Value& item : records->value.items) {
    if (item.kind != doc::Kind::string) {
      findings_.error(item.span, fmt::format("expected a record value (a string), found {}", kind_phrase(item.kind)));
      continue;
    }
    Entry one = entry;
    const Piece whole(item.text);
    if (text_type) {
      // The provider quotes the value as it stands: "a""b" is two strings, as Route 53 reads it.
      // The added quotes stand for the JSON string's own.
      Piece body = whole;
      Span open{item.span.file, item.span.begin, item.span.begin + 1};
      Span close{item.span.file, item.span.end - 1, item.span.end};
      const std::string_view v = whole.str();
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') {
        findings_.error(item.text.span(0, 1),
                        fmt::format("this {} value is written in quotes, but the provider adds the quotes itself, so "
                                    "Route 53 gets the text between two more quotes (\"\"...\"\"), not the record "
                                    "you wrote; write the value without its quotes (\\\"\\\" inside it still splits "
                                    "strings)",
                                    type_text));
        // Read as meant, so that the rules judge the record itself, not the stray quotes.
        body = Piece(item.text, 1, whole.end - 1);
        open = item.text.span(0, 1);
        close = item.text.span(whole.end - 1, whole.end);
      }
      one.rdata.push_back(Part::make_glue("\"", open));
      Part text = Part::make_presentation(body, Syntax::route53);
      text.joined = true;
      one.rdata.push_back(text);
      Part end = Part::make_glue("\"", close);
      end.joined = true;
      one.rdata.push_back(end);
    } else if (is_single_name_type(code)) {
      if (whole.empty()) {
        findings_.error(item.span, fmt::format("the {} value is empty", type_text));
        continue;
      }
      // One name, whatever it holds: a space or quote stays inside it for SES003 to point at.
      one.rdata.push_back(Part::make_name(whole, Syntax::route53, true));
    } else {
      const auto fields = trimmed_fields(whole, item.span, "value", type_text, "Route 53 may refuse it: remove it");
      if (!fields) continue;
      presentation_parts(code, *fields, Syntax::route53, true, 0, one.rdata);
    }
    const auto [b, e] = writer_.write(one);
    apex_.owner(writer_.text().substr(b, e - b), code);
  }
}

// One note per hosted zone whose records were not checked, in file order.
void TerraformImporter::other_zones_notes() {
  std::vector<std::pair<Span, std::string_view>> order;
  for (const auto& [id, seen] : other_zones_) order.emplace_back(seen.second, id);
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first.begin < b.first.begin; });
  for (const auto& [at, id] : order) {
    const std::size_t n = other_zones_.at(std::string(id)).first;
    const std::string records = fmt::format("{} record{}", n, n == 1 ? "" : "s");
    const std::string_view are = n == 1 ? "is" : "are";
    const std::string_view them = n == 1 ? "it" : "them";
    const auto it = zone_by_id_.find(id);
    std::string message;
    if (it == zone_by_id_.end()) {
      message = fmt::format("{} of the hosted zone {}, which this file does not name, {} not checked: {} name{} {} "
                            "outside {}, the zone checked",
                            records, id, are, n == 1 ? "its" : "their", n == 1 ? "" : "s", are, apex_name_.to_text());
    } else if (const Name& other = zones_[it->second].name; other.view().equals(apex_name_.view()) && checked_) {
      message = fmt::format("{} of the hosted zone {} ({}) {} not checked: zonelint checks one zone at a time, here "
                            "{}, another zone of that name; check {} in an export of that "
                            "zone alone (aws route53 list-resource-record-sets --hosted-zone-id {})",
                            records, other.to_text(), id, are, zones_[*checked_].id, them, id);
    } else {
      message = fmt::format("{} of the hosted zone {} ({}) {} not checked: zonelint checks one zone at a time (here "
                            "{}); run it again with --origin {} to check {}",
                            records, other.to_text(), id, are, apex_name_.to_text(), other.to_text(), them);
    }
    findings_.note(at, std::move(message));
  }
}

void TerraformImporter::run() {
  out_.format = InputFormat::terraform_json;
  out_.long_string_advice = "put \\\"\\\" inside the value in the configuration where it should split (the provider "
                            "sends the value as it stands, and Route 53 refuses longer strings)";
  const JsonDocument json = parse_json(file_.bytes(), file_.id());
  if (!json.ok()) {
    findings_.error(json.error->span, json.error->message);
  } else if (json.root.kind != doc::Kind::object) {
    findings_.error(json.root.span, "expected the JSON of `terraform show -json` or a Terraform state file (an object)");
  } else {
    const doc::Value& root = json.root;
    const doc::Value* values = root.find("values");
    if (const doc::Value* planned = root.find("planned_values"); values == nullptr && planned != nullptr) {
      values = planned;
      plan_ = true;
    }
    if (values != nullptr && values->kind == doc::Kind::object) {
      if (const doc::Value* m = values->find("root_module")) module(*m, false);
      // A plan's data sources are read before planning: their zones are in the prior state only.
      if (const doc::Value* prior = root.find("prior_state"); plan_ && prior != nullptr && prior->kind == doc::Kind::object) {
        if (const doc::Value* v = prior->find("values"); v != nullptr && v->kind == doc::Kind::object)
          if (const doc::Value* m = v->find("root_module")) module(*m, true);
      }
    } else if (const doc::Value* list = root.find("resources")) {
      state_resources(*list);
    }
    zones();
    choose_zone();
    bool any_record = false;
    for (const Resource& r : resources_) {
      if (r.type != "aws_route53_record" || r.data) continue;
      any_record = true;
      record(r);
    }
    if (!any_record)
      findings_.note(opening(root), "this Terraform JSON holds no aws_route53_record resource: no DNS record to check");
    other_zones_notes();
    if (unknown_ > 0) {
      findings_.note(first_unknown_,
                     fmt::format("{} aws_route53_record resource{} of this plan {} a name or values that Terraform "
                                 "knows only after apply (they depend on resources not created yet), so zonelint "
                                 "cannot check {}; check the output of `terraform show -json` after apply",
                                 unknown_, unknown_ == 1 ? "" : "s", unknown_ == 1 ? "has" : "have",
                                 unknown_ == 1 ? "it" : "them"));
    }
  }
  if (!apex_name_.empty()) apex_.declared(apex_name_);
  hand_over(apex_, "Terraform JSON");
}

}  // namespace

void import_terraform_json(const SourceFile& file, const ImportOptions& options, Import& out) {
  TerraformImporter(file, options, out).run();
}

}  // namespace zonelint::import
