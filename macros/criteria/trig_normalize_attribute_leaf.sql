{#- `attribute: value` or `attribute: {operator: value, ...}`, type-checked against the
    catalogue entry of the attribute. -#}
{% macro trig_normalize_attribute_leaf(name, spec, ctx, path) -%}
  {%- set attribute = trig.trig_resolve_attribute(name, ctx, path) -%}
  {%- if spec is not mapping -%}
    {%- if trig.trig_is_ambiguous_relative(spec) -%}
      {{ trig.trig_ambiguous_error(ctx, path ~ '.' ~ name, spec) }}
    {%- endif -%}
    {%- set spec = {'equals': spec} -%}
  {%- endif -%}
  {%- set aliases = trig.trig_operator_aliases() -%}
  {%- set children = [] -%}
  {%- for op_name, value in spec.items() -%}
    {%- set op = aliases.get(op_name | string) -%}
    {%- if op is none -%}
      {{ trig.trig_config_error(ctx.object, path ~ '.' ~ name ~ '.' ~ op_name, "unknown operator '" ~ op_name ~ "'", op_name | string, aliases.keys() | list) }}
    {%- endif -%}
    {%- do children.append(trig.trig_typed_condition(attribute, op, value, ctx, path ~ '.' ~ name ~ '.' ~ op_name)) -%}
  {%- endfor -%}
  {{ return(children[0] if children | length == 1 else {'kind': 'all', 'children': children}) }}
{%- endmacro %}

{% macro trig_resolve_attribute(name, ctx, path) -%}
  {%- set entry = ctx.catalog.get(name) -%}
  {%- if entry is none -%}
    {%- set generated = modules.re.match('^(currently_member_of|last_entry_to|last_exit_from|last_completion_of|last_entered|last_exited|last_completed)_(.+)$', name) -%}
    {%- if generated is not none -%}
      {{ trig.trig_config_error(ctx.object, path ~ '.' ~ name, "unknown object '" ~ generated.group(2) ~ "' in generated attribute '" ~ name ~ "'", generated.group(2), ctx.object_names) }}
    {%- endif -%}
    {%- set hint = "; a count or total over people or events is a roll-up: declare it in the var `trig_rollups`, e.g. `- {name: " ~ name ~ ", function: count, event: <event_name>}`" if ctx.entity == 'organisation' else '' -%}
    {{ trig.trig_config_error(ctx.object, path ~ '.' ~ name, "unknown attribute '" ~ name ~ "' for " ~ ctx.entity ~ "s" ~ hint, name, ctx.catalog.keys() | list) }}
  {%- endif -%}
  {%- if entry.get('object') and entry.object not in ctx.refs -%}{%- do ctx.refs.append(entry.object) -%}{%- endif -%}
  {{ return(entry) }}
{%- endmacro %}

{% macro trig_ambiguous_error(ctx, path, value, moment=none) -%}
  {%- set moment = moment or modules.re.match('^\\s*[<>]=?\\s*(.*)$', value).group(1) -%}
  {{ trig.trig_config_error(ctx.object, path, "'" ~ value ~ "' is ambiguous (earlier or later than that moment?); write `{more_than: " ~ moment ~ "}` (longer ago) or `{less_than: " ~ moment ~ "}` (more recent)") }}
{%- endmacro %}

{% macro trig_typed_condition(attribute, op, value, ctx, path) -%}
  {%- set type = attribute.type -%}
  {%- set leaf = {'kind': 'attr', 'column': attribute.column, 'type': type, 'op': op, 'value': value, 'relative_s': none} -%}
  {%- if trig.trig_is_ambiguous_relative(value) -%}{{ trig.trig_ambiguous_error(ctx, path, value) }}{%- endif -%}
  {#- `'>': 1 day ago` reads both ways too (the symbol is already an operator here) -#}
  {%- set symbols = {'greater_than': '>', 'at_least': '>=', 'at_most': '<=', 'before': 'before', 'after': 'after'} -%}
  {%- if op in symbols and type in ['date', 'timestamp'] and trig.trig_relative_seconds(value) is not none -%}
    {{ trig.trig_ambiguous_error(ctx, path, symbols[op] ~ ' ' ~ value, value) }}
  {%- endif -%}
  {%- if op in ['has_any_value', 'has_no_value'] -%}
    {%- if value is not sameas true -%}
      {{ trig.trig_config_error(ctx.object, path, 'write `' ~ op ~ ': true`') }}
    {%- endif -%}
    {{ return(leaf) }}
  {%- endif -%}
  {%- if op in ['more_than', 'within_next', 'within_last'] or (op == 'less_than' and value is string and type in ['date', 'timestamp']) -%}
    {{ return(trig.trig_relative_condition(leaf, ctx, path)) }}
  {%- endif -%}
  {%- if op in ['in', 'not_in'] -%}
    {%- if value is string or value is mapping or value is not iterable -%}
      {{ trig.trig_config_error(ctx.object, path, 'expects a list of values') }}
    {%- endif -%}
    {%- for v in value -%}{%- do trig.trig_check_value_type(type, v, ctx, path) -%}{%- endfor -%}
    {{ return(leaf) }}
  {%- endif -%}
  {%- if op == 'contains' and type != 'string' -%}
    {{ trig.trig_config_error(ctx.object, path, "'contains' needs a text attribute; '" ~ attribute.column ~ "' is " ~ type) }}
  {%- endif -%}
  {%- if op in ['greater_than', 'at_least', 'less_than', 'at_most', 'before', 'after'] and type not in ['number', 'date', 'timestamp'] -%}
    {{ trig.trig_config_error(ctx.object, path, "'" ~ op ~ "' compares numbers or dates; '" ~ attribute.column ~ "' is " ~ type) }}
  {%- endif -%}
  {%- do trig.trig_check_value_type(type, value, ctx, path) -%}
  {{ return(leaf) }}
{%- endmacro %}

{% macro trig_relative_condition(leaf, ctx, path) -%}
  {%- if leaf.type not in ['date', 'timestamp'] -%}
    {{ trig.trig_config_error(ctx.object, path, "relative dates need a date or timestamp attribute; '" ~ leaf.column ~ "' is " ~ leaf.type) }}
  {%- endif -%}
  {%- if leaf.op in ['within_next', 'within_last'] -%}
    {%- set seconds = trig.trig_parse_duration(leaf.value, ctx.object, path) -%}
  {%- else -%}
    {%- set seconds = trig.trig_relative_seconds(leaf.value) -%}
    {%- if seconds is none -%}
      {{ trig.trig_config_error(ctx.object, path, "'" ~ leaf.value ~ "' is not a relative date; write e.g. '7 days ago' or '90 days from now'") }}
    {%- endif -%}
  {%- endif -%}
  {%- do leaf.update({'relative_s': seconds}) -%}
  {{ return(leaf) }}
{%- endmacro %}

{% macro trig_check_value_type(type, value, ctx, path) -%}
  {%- set is_bool = value is sameas true or value is sameas false -%}
  {%- set ok = (type == 'number' and value is number and not is_bool)
        or (type == 'string' and value is string)
        or (type == 'boolean' and is_bool)
        or (type in ['date', 'timestamp'] and value is string and modules.re.match('^\\d{4}-\\d{2}-\\d{2}([ T]\\d{2}:\\d{2}(:\\d{2})?)?$', value))
        or type == 'other' -%}
  {%- if not ok -%}
    {%- set expected = {'number': 'a number', 'string': 'a text value', 'boolean': 'true or false', 'date': "a date like 2025-01-31 or a relative date like '7 days ago'", 'timestamp': "a date like 2025-01-31 or a relative date like '7 days ago'"}[type] -%}
    {{ trig.trig_config_error(ctx.object, path, "expects " ~ expected ~ ", got '" ~ value ~ "'") }}
  {%- endif -%}
{%- endmacro %}
