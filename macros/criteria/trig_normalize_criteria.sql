{#- Checks a criteria tree written in YAML against the attribute catalogue and returns
    a normalised tree: {kind: all|any|none, children} | {kind: attr, ...} |
    {kind: event, id, ...}. Cohort references are expanded in place. Event leaves are
    appended to ctx.leaves (the engine builds one counting CTE per leaf). -#}
{% macro trig_normalize_criteria(node, ctx, path) -%}
  {#- the catalogue is read from the warehouse, so nothing is checked while parsing -#}
  {%- if node is none or not execute -%}{{ return(none) }}{%- endif -%}
  {%- if node is string -%}
    {{ trig.trig_config_error(ctx.object, path, "'" ~ node ~ "' is not a condition; write a mapping such as `{sign_up_date: {more_than: 1 day ago}}` or `{invoices_created: 0}`") }}
  {%- endif -%}
  {%- if node is not mapping -%}
    {%- set children = [] -%}
    {%- for child in node -%}
      {%- do children.append(trig.trig_normalize_criteria(child, ctx, path ~ '[' ~ loop.index0 ~ ']')) -%}
    {%- endfor -%}
    {{ return({'kind': 'all', 'children': children}) }}
  {%- endif -%}
  {%- if node | length != 1 and 'event' not in node -%}
    {%- set children = [] -%}
    {%- for key, value in node.items() -%}
      {%- do children.append(trig.trig_normalize_criteria({key: value}, ctx, path)) -%}
    {%- endfor -%}
    {{ return({'kind': 'all', 'children': children}) }}
  {%- endif -%}
  {%- if 'event' in node -%}{{ return(trig.trig_normalize_event_leaf(node, ctx, path)) }}{%- endif -%}
  {%- set key = node.keys() | list | first -%}
  {%- set value = node[key] -%}
  {%- if key in ['all', 'any', 'none'] -%}
    {%- if value is string or value is mapping or value | length == 0 -%}
      {{ trig.trig_config_error(ctx.object, path ~ '.' ~ key, 'expected a non-empty list of conditions') }}
    {%- endif -%}
    {%- set children = [] -%}
    {%- for child in value -%}
      {%- do children.append(trig.trig_normalize_criteria(child, ctx, path ~ '.' ~ key ~ '[' ~ loop.index0 ~ ']')) -%}
    {%- endfor -%}
    {{ return({'kind': key, 'children': children}) }}
  {%- endif -%}
  {%- if key == 'member_of' -%}{{ return(trig.trig_expand_cohort(value, ctx, path ~ '.member_of')) }}{%- endif -%}
  {{ return(trig.trig_normalize_attribute_leaf(key, value, ctx, path)) }}
{%- endmacro %}

{% macro trig_expand_cohort(name, ctx, path) -%}
  {%- set cohort = ctx.cohorts.get(name) -%}
  {%- if cohort is none -%}
    {{ trig.trig_config_error(ctx.object, path, "unknown cohort '" ~ name ~ "'", name, ctx.cohorts.keys() | list) }}
  {%- endif -%}
  {%- if cohort.entity == 'person' and ctx.entity == 'organisation' -%}
    {{ trig.trig_config_error(ctx.object, path, "cohort '" ~ name ~ "' is person-level and cannot filter organisations") }}
  {%- endif -%}
  {%- if name in ctx.cohort_stack -%}
    {{ trig.trig_config_error(ctx.object, path, "cohort '" ~ name ~ "' refers to itself through " ~ ctx.cohort_stack | join(' -> ')) }}
  {%- endif -%}
  {%- do ctx.cohort_stack.append(name) -%}
  {%- set inner = ctx.copy() -%}
  {%- do inner.update({'object': name, 'in_cohort': true}) -%}
  {%- set tree = trig.trig_normalize_criteria(cohort.cohort_criteria, inner, 'criteria') -%}
  {%- do ctx.cohort_stack.pop() -%}
  {{ return(tree) }}
{%- endmacro %}

{% macro trig_normalize_event_leaf(node, ctx, path) -%}
  {%- if ctx.get('in_cohort') -%}
    {{ trig.trig_config_error(ctx.object, path, 'cohorts filter current attributes only; use an event roll-up attribute or a behaviour instead of an event condition') }}
  {%- endif -%}
  {%- set allowed = ['event', 'at_least', 'at_most', 'exactly', 'within_last', 'where'] -%}
  {%- for k in node.keys() -%}
    {%- if k not in allowed -%}{{ trig.trig_config_error(ctx.object, path ~ '.' ~ k, 'unknown key in an event condition', k, allowed) }}{%- endif -%}
  {%- endfor -%}
  {%- set counts = [] -%}
  {%- for op in ['at_least', 'at_most', 'exactly'] -%}{%- if op in node -%}{%- do counts.append(op) -%}{%- endif -%}{%- endfor -%}
  {%- if counts | length > 1 -%}{{ trig.trig_config_error(ctx.object, path, 'use one of at_least, at_most, exactly') }}{%- endif -%}
  {%- set op = counts[0] if counts else 'at_least' -%}
  {%- set n = node.get(op, 1) -%}
  {%- if n is not number or n is sameas true or n is sameas false or n < 0 or (n | int) != n -%}
    {{ trig.trig_config_error(ctx.object, path ~ '.' ~ op, "expects a whole number of events, got '" ~ n ~ "'") }}
  {%- endif -%}
  {%- if node.event is not string or node.event | length == 0 -%}
    {{ trig.trig_config_error(ctx.object, path ~ '.event', 'expects an event name') }}
  {%- endif -%}
  {%- set where = node.get('where') or {} -%}
  {%- if where is not mapping -%}{{ trig.trig_config_error(ctx.object, path ~ '.where', 'expects a mapping of property: value') }}{%- endif -%}
  {%- for prop, v in where.items() -%}
    {%- do trig.trig_identifier(prop, "object '" ~ ctx.object ~ "', key '" ~ path ~ ".where'") -%}
    {%- if v is mapping or (v is iterable and v is not string) -%}
      {{ trig.trig_config_error(ctx.object, path ~ '.where.' ~ prop, 'property filters compare with one string, number or boolean') }}
    {%- endif -%}
  {%- endfor -%}
  {%- set leaf = {'kind': 'event', 'id': 'lf_' ~ ctx.prefix ~ (ctx.leaves | length + 1), 'event': node.event,
                  'op': op, 'n': n | int, 'where': where, 'within_s': none} -%}
  {%- if node.get('within_last') is not none -%}
    {%- do leaf.update({'within_s': trig.trig_parse_duration(node.within_last, ctx.object, path ~ '.within_last')}) -%}
  {%- endif -%}
  {%- do ctx.leaves.append(leaf) -%}
  {{ return(leaf) }}
{%- endmacro %}
