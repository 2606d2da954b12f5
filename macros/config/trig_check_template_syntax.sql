{#- Message templates are checked when dbt compiles with the runner's own sandbox rules
    (activation/messages/render.py): every `{...}` in a text setting must be a plain
    `{attribute_name}` (or `@{attribute_name}`), so `{0.__class__}`, `{a.b}`, `{x!r}` or
    `{x:>10}` fail `dbt build` instead of being refused later, one action at a time, by
    the runner. A `|` after the name is left to the runner (a default value). dbt itself
    renders `{{ ... }}` when it reads the YAML, before this check sees the text: see the
    README's configuration section. -#}
{% macro trig_check_template_syntax(name, key, config) -%}
  {%- for field in trig.trig_template_fields(config) -%}
    {%- for inner in modules.re.findall('@?\\{([^{}\\r\\n]*)\\}', field.text) -%}
      {%- if not modules.re.match('^[A-Za-z_][A-Za-z0-9_]*(\\|[^{}]*)?$', inner) -%}
        {{ trig.trig_config_error(name, key ~ '.' ~ field.path, "contains '{" ~ inner[:50] ~ "}', which is not a placeholder; placeholders are {attribute_name} only") }}
      {%- endif -%}
    {%- endfor -%}
  {%- endfor -%}
{%- endmacro %}
