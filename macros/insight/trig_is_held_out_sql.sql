{#- The transition log's is_held_out expression (over object_kind, object_name,
    entity_id, organisation_id): true for a job transition whose entity falls in the
    job's holdout (bucket of job and entity below the job's share) or whose
    organisation falls in the global control group (var trig_global_control, bucket of
    the organisation alone, so every job leaves the same organisations alone). A pure
    function of job, entity and shares: stable across evaluations, re-entries and full
    refreshes. See docs/decisions/401-holdout-assignment.md. -#}
{% macro trig_is_held_out_sql() -%}
  {%- set jobs = trig.trig_objects() | selectattr('kind', 'equalto', 'job') | selectattr('holdout_buckets') | list -%}
  {%- set global_buckets = trig.trig_parse_holdout(var('trig_global_control', none), 'vars', 'trig_global_control') -%}
  {%- set tests = [] -%}
  {%- for job in jobs -%}
    {%- do tests.append("(object_name = '" ~ job.name ~ "' and " ~ trig.trig_holdout_bucket('object_name', 'entity_id') ~ " < " ~ job.holdout_buckets ~ ")") -%}
  {%- endfor -%}
  {%- if global_buckets -%}
    {%- do tests.append("(" ~ trig.trig_holdout_bucket("'trig_global_control'", 'coalesce(organisation_id, entity_id)') ~ " < " ~ global_buckets ~ ")") -%}
  {%- endif -%}
  {%- if tests -%}
    case when object_kind = 'job' and ({{ tests | join('\n        or ') }}) then true else false end
  {%- else -%}
    cast(false as {{ dbt.type_boolean() }})
  {%- endif -%}
{%- endmacro %}
