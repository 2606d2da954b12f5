{#- Whether a connector's models exist at all: `enabled` config of its models, so a
    source that is off is neither built, nor read, nor shown in lineage.
    With no argument: whether any connector is on (the canonical union models). -#}
{% macro trig_source_enabled(name=none) -%}
  {%- set enabled = trig.trig_enabled_sources() -%}
  {%- if name is none -%}{{ return(enabled | length > 0) }}{%- endif -%}
  {{ return(name in enabled) }}
{%- endmacro %}
