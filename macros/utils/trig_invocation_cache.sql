{#- A value kept in dbt's graph for the rest of one invocation (the graph is the one
    object every node of an invocation shares). `version` says what the value was
    computed from: a lookup with another version misses, so a value derived from
    something the build changed is computed again. A later invocation in the same
    process (tests, dbtRunner) never sees an earlier one's values. -#}
{% macro trig_invocation_cached(key, version=none) -%}
  {%- set cached = graph.get('trig_cache:' ~ key) -%}
  {%- if cached is not none and cached.invocation == invocation_id and cached.version == version -%}
    {{ return(cached) }}
  {%- endif -%}
  {{ return(none) }}
{%- endmacro %}

{#- Stores `value` under `key` and `version` for this invocation and returns it. -#}
{% macro trig_invocation_cache(key, value, version=none) -%}
  {%- do graph.update({'trig_cache:' ~ key: {'invocation': invocation_id, 'version': version, 'value': value}}) -%}
  {{ return(value) }}
{%- endmacro %}
