{#- Compares T with the last evaluation recorded in trig_evaluations: an older T is
    refused (history would be rewritten); the same T again is a no-op. -#}
{% macro trig_last_evaluation_time() -%}
  {%- if not execute -%}{{ return(none) }}{%- endif -%}
  {%- set relation = adapter.get_relation(database=this.database, schema=this.schema, identifier='trig_evaluations') -%}
  {%- if relation is none -%}{{ return(none) }}{%- endif -%}
  {%- set result = run_query('select max(evaluated_at) from ' ~ relation) -%}
  {%- set value = result.columns[0].values()[0] -%}
  {{ return(none if value is none else value.strftime('%Y-%m-%d %H:%M:%S') if value is not string else value[:19]) }}
{%- endmacro %}

{#- true when this evaluation must produce nothing new (T already evaluated). -#}
{% macro trig_evaluation_is_repeat() -%}
  {%- if not execute or flags.FULL_REFRESH or not is_incremental() -%}{{ return(false) }}{%- endif -%}
  {%- set t = trig.trig_evaluation_time() -%}
  {%- set last = trig.trig_last_evaluation_time() -%}
  {%- if last is none -%}{{ return(false) }}{%- endif -%}
  {%- if t < last -%}
    {{ exceptions.raise_compiler_error("trig: evaluation time " ~ t ~ " is older than the last evaluation (" ~ last ~ "); evaluations only move forward. Re-run with --full-refresh to rebuild history from the inputs.") }}
  {%- endif -%}
  {{ return(t == last) }}
{%- endmacro %}
