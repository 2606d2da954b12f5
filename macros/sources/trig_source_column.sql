{#- One column of a raw table as a quoted SQL expression.
    `names`: the column name, or a list of alternatives (first found wins).
    `var_name`: the var that renames it; a name set there must exist (compile error
    naming the var, the table and the nearest column), whereas a default that does
    not exist gives `null` unless `required`. Reserved words (`user`, `timestamp`,
    `time`, `groups`) are safe: the column is always quoted as the warehouse spells it. -#}
{% macro trig_source_column(columns, relation, names, var_name=none, required=false, prefix=none) -%}
  {%- if not execute -%}{{ return('null') }}{%- endif -%}
  {%- set configured = var(var_name, none) if var_name else none -%}
  {%- set candidates = [configured] if configured else ([names] if names is string else names) -%}
  {%- for name in candidates if name -%}
    {%- set actual = columns.get(name | lower | replace('_', '')) -%}
    {%- if actual -%}
      {{ return(((prefix ~ '.') if prefix else '') ~ adapter.quote(actual)) }}
    {%- endif -%}
  {%- endfor -%}
  {%- if configured or required -%}
    {%- set wanted = configured or candidates[0] -%}
    {%- set available = columns.values() | map('lower') | list -%}
    {%- set nearest = trig.trig_nearest_name(wanted | lower, available) -%}
    {{ exceptions.raise_compiler_error(
        "trig: " ~ (("var '" ~ var_name ~ "': ") if configured else "") ~ "column '" ~ wanted ~ "' does not exist in "
        ~ relation ~ (" (did you mean '" ~ nearest ~ "'?)" if nearest else "")
        ~ ("" if configured else ("; set var '" ~ var_name ~ "' to the column that holds it" if var_name else ""))) }}
  {%- endif -%}
  {{ return('null') }}
{%- endmacro %}
