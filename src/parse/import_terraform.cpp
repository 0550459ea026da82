// Terraform: the hashicorp/aws provider's aws_route53_record resources, read from the JSON
// Terraform writes about them: `terraform show -json` of the state ({"values": {"root_module":
// ...}}) or of a saved plan ({"planned_values": ...}), or a state file itself (terraform.tfstate,
// version 4: {"resources": [{"instances": [{"attributes": ...}]}]}). aws_route53_zone resources
// and data sources name the hosted zones. The configuration (*.tf) is not read: its values are
// expressions that only Terraform evaluates.
//
// How the provider writes a record to Route 53 (terraform-provider-aws, internal/service/route53):
// `name` gets the hosted zone's name appended unless it already ends with it; `records` are Route
// 53 values (presentation format; names absolute with or without the final dot), except that TXT
// and SPF values are written without their quotes, which the provider adds around each value as
// it stands, so a value holding "" is two character-strings; an `alias` block stands for an alias
// record set. A state holds the records Terraform manages, which need not be the whole zone.

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "model/record.hpp"
#include "parse/import_common.hpp"

namespace zonelint::import {
namespace {

// Route 53 serves an alias with the TTL of its target (see import_route53.cpp).
constexpr std::string_view alias_ttl = "60";

// One resource of the state or plan: its attribute values and where to point about it.
struct Resource {
  const doc::Value* object = nullptr;  // the resource (or state instance) object
  const doc::Value* values = nullptr;  // its attributes
  std::string_view type;               // "aws_route53_record", ...
  bool data = false;                   // a data source
};

struct HostedZone {
  std::string id;  // empty when not known yet (a plan)
  Name name;
};

// A string member's text, or empty when it is missing or not a string.
std::string_view string_of(const doc::Value& object, std::string_view key) {
  const doc::Value* v = object.find(key);
  return v != nullptr && v->kind == doc::Kind::string ? v->text.str() : std::string_view();
}

class TerraformImporter : Importer {
 public:
  using Importer::Importer;

  void run();

 private:
  void module(const doc::Value& m);
  void state_resources(const doc::Value& list);
  void resource(const doc::Value& object, const doc::Value* values, bool data);
  void zones();
  void records();
  void record(const Resource& r);
  // The hosted zone a record belongs to by its zone_id; nullptr when the id names none here.
  [[nodiscard]] const HostedZone* zone_of(const doc::Value& values) const;

  bool plan_ = false;
  std::vector<Resource> resources_;
  std::vector<HostedZone> zones_;
  Name apex_name_;  // the zone checked; empty when no zone is named and the owners must tell
  ApexFinder apex_;
  // Records of other hosted zones, not checked: per zone name, how many and the first one.
  std::map<std::string, std::pair<std::size_t, Span>> other_zones_;
  std::size_t unknown_ = 0;  // plan records whose name or values are known only after apply
  Span first_unknown_;
};

// A module and its child modules (the JSON reader's nesting limit bounds the recursion).
void TerraformImporter::module(const doc::Value& m) {
  if (m.kind != doc::Kind::object) return;
  if (const doc::Value* list = m.find("resources"); list != nullptr && list->kind == doc::Kind::array) {
    for (const doc::Value& object : list->items) {
      if (object.kind != doc::Kind::object) continue;
      resource(object, object.find("values"), string_of(object, "mode") == "data");
    }
  }
  if (const doc::Value* children = m.find("child_modules"); children != nullptr && children->kind == doc::Kind::array)
    for (const doc::Value& child : children->items) module(child);
}

// A state file's resources: each has the attributes of its instances (one per count or for_each
// key).
void TerraformImporter::state_resources(const doc::Value& list) {
  if (list.kind != doc::Kind::array) return;
  for (const doc::Value& object : list.items) {
    if (object.kind != doc::Kind::object) continue;
    const doc::Value* instances = object.find("instances");
    if (instances == nullptr || instances->kind != doc::Kind::array) continue;
    for (const doc::Value& instance : instances->items) {
      if (instance.kind != doc::Kind::object) continue;
      Resource r{&instance, instance.find("attributes"), string_of(object, "type"), string_of(object, "mode") == "data"};
      if (r.type == "aws_route53_record" || r.type == "aws_route53_zone") resources_.push_back(r);
    }
  }
}

void TerraformImporter::resource(const doc::Value& object, const doc::Value* values, bool data) {
  const std::string_view type = string_of(object, "type");
  if (type == "aws_route53_record" || type == "aws_route53_zone") resources_.push_back({&object, values, type, data});
}

void TerraformImporter::zones() {
  for (const Resource& r : resources_) {
    if (r.type != "aws_route53_zone" || r.values == nullptr || r.values->kind != doc::Kind::object) continue;
    const std::string_view text = string_of(*r.values, "name");
    if (text.empty()) continue;
    Name name;
    NameError error;
    if (!parse_name(text.back() == '.' ? std::string(text) : std::string(text) + ".", NameView(), name, error)) continue;
    std::string id(string_of(*r.values, "zone_id"));
    if (id.empty() && !r.data) id = string_of(*r.values, "id");
    zones_.push_back({std::move(id), std::move(name)});
  }
}

const HostedZone* TerraformImporter::zone_of(const doc::Value& values) const {
  const std::string_view id = string_of(values, "zone_id");
  if (id.empty()) return nullptr;
  for (const HostedZone& z : zones_)
    if (z.id == id) return &z;
  return nullptr;
}

void TerraformImporter::record(const Resource& r) {
  if (r.values == nullptr || r.values->kind != doc::Kind::object) {
    if (plan_) {
      if (unknown_++ == 0) first_unknown_ = opening(*r.object);
      return;
    }
    findings_.error(opening(*r.object), "this aws_route53_record has no attribute values");
    return;
  }
  const doc::Value& values = *r.values;
  const doc::Member* name = values.find_member("name");
  const doc::Member* type = values.find_member("type");
  const doc::Member* records = values.find_member("records");
  const doc::Value* alias = values.find("alias");
  const bool has_alias = alias != nullptr && alias->kind == doc::Kind::array && !alias->items.empty();
  const bool has_records = records != nullptr && records->value.kind == doc::Kind::array;
  // A plan leaves out what Terraform knows only after apply (a DKIM token of a resource not yet
  // created): such a record cannot be checked until then.
  if (plan_ && (name == nullptr || type == nullptr || (!has_records && !has_alias))) {
    if (unknown_++ == 0) first_unknown_ = opening(values);
    return;
  }
  if (name == nullptr || name->value.kind != doc::Kind::string) {
    findings_.error(name == nullptr ? opening(values) : name->value.span, "this aws_route53_record has no \"name\" string");
    return;
  }
  if (type == nullptr || type->value.kind != doc::Kind::string) {
    findings_.error(type == nullptr ? opening(values) : type->value.span, "this aws_route53_record has no \"type\" string");
    return;
  }
  const Piece name_text(name->value.text);
  if (name_text.empty()) {
    findings_.error(name->value.span, "the record's name is empty");
    return;
  }
  const std::string_view type_text = type->value.text.str();
  if (const auto problem = route53_type_problem(type_text)) {
    findings_.error(type->value.text.span(), *problem);
    return;
  }
  const RRType code = *type_from_text(type_text);

  // The zone: the one this record's zone_id names, else the zone checked.
  const HostedZone* zone = zone_of(values);
  if (zone != nullptr && !apex_name_.empty() && !zone->name.view().equals(apex_name_.view())) {
    auto& [count, first] = other_zones_[zone->name.to_text()];
    if (count++ == 0) first = values.find_member("zone_id")->value.span;
    return;
  }
  Entry entry;
  entry.where = values.span;  // also marks the record set, for record_flag::routing_policy
  entry.type = Piece(type->value.text);
  if (!string_of(values, "set_identifier").empty()) entry.flags |= record_flag::routing_policy;
  if (apex_name_.empty()) {
    // No zone named: the provider's fqdn when the state has it, else the name, as absolute.
    const doc::Value* fqdn = values.find("fqdn");
    const bool use_fqdn = fqdn != nullptr && fqdn->kind == doc::Kind::string && !fqdn->text.empty();
    entry.owner = Part::make_name(use_fqdn ? Piece(fqdn->text) : name_text, Syntax::route53, true);
  } else {
    // The zone's name is appended unless the name already ends with it (expandRecordName).
    std::string_view written = name_text.str();
    const bool dotted = written.back() == '.';
    if (dotted) written.remove_suffix(1);
    std::string zone_text = apex_name_.to_text();
    zone_text.pop_back();
    const bool ends_with_zone =
        ascii_iequals(written, zone_text) ||
        (written.size() > zone_text.size() && written[written.size() - zone_text.size() - 1] == '.' &&
         ascii_iequals(written.substr(written.size() - zone_text.size()), zone_text));
    entry.owner = Part::make_name(name_text, Syntax::route53, dotted || ends_with_zone);
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
  if (!has_records || records->value.items.empty()) {
    findings_.error(records != nullptr ? records->value.span : opening(values),
                    "this aws_route53_record has neither records nor an alias block");
    return;
  }
  const doc::Member* ttl = values.find_member("ttl");
  const auto seconds = ttl != nullptr ? ttl->value.as_int64() : std::nullopt;
  if (ttl == nullptr || ttl->value.kind != doc::Kind::number || !seconds || *seconds < 0 || *seconds > 2147483647) {
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

void TerraformImporter::records() {
  // The zone checked: --origin, else the one hosted zone named, else the zone most records are
  // in; records of other zones are counted and named in a note.
  if (options_.origin) {
    apex_name_ = *options_.origin;
  } else {
    std::map<std::string, std::size_t> per_zone;
    for (const Resource& r : resources_) {
      if (r.type != "aws_route53_record" || r.values == nullptr) continue;
      if (const HostedZone* z = zone_of(*r.values)) ++per_zone[z->name.to_text()];
    }
    const HostedZone* chosen = nullptr;
    std::size_t most = 0;
    for (const HostedZone& z : zones_) {
      const auto it = per_zone.find(z.name.to_text());
      const std::size_t n = it == per_zone.end() ? 0 : it->second;
      if (chosen == nullptr || n > most) {
        chosen = &z;
        most = n;
      }
    }
    if (chosen != nullptr) apex_name_ = chosen->name;
  }
  for (const Resource& r : resources_)
    if (r.type == "aws_route53_record" && !r.data) record(r);
}

void TerraformImporter::run() {
  out_.format = InputFormat::terraform_json;
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
      if (const doc::Value* m = values->find("root_module")) module(*m);
    } else if (const doc::Value* list = root.find("resources")) {
      state_resources(*list);
    }
    zones();
    records();
    if (resources_.empty() || std::none_of(resources_.begin(), resources_.end(), [](const Resource& r) {
          return r.type == "aws_route53_record";
        })) {
      findings_.note(opening(root), "this Terraform JSON holds no aws_route53_record resource: no DNS record to check");
    }
    for (const auto& [zone, seen] : other_zones_) {
      findings_.note(seen.second,
                     fmt::format("{} record{} of the hosted zone {} {} not checked: zonelint checks one zone at a time "
                                 "(here {}); run it again with --origin {} to check {}",
                                 seen.first, seen.first == 1 ? "" : "s", zone, seen.first == 1 ? "is" : "are",
                                 apex_name_.to_text(), zone, seen.first == 1 ? "it" : "them"));
    }
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
