{#- A read-only query of lifecycle objects' audiences at T against current data: for
    each job, stage, behaviour and cohort, the entities its audience (entry criteria,
    cohort criteria) matches now, whether its exclusions apply, and (detail=true) the
    event counts and every attribute, so `trig audience` can say why each one matches.
    It writes nothing: `trig audience` and `trig diff` compile it with `dbt compile
    --inline` and run it through the runner's connection.
    specs: {object_name: raw `meta.trig`} for another definition of the project (the
    deployed manifest of `trig diff --state`); none means the working copy.
    A leading comment carries, as JSON, what the runner needs to explain the rows.
    Event conditions count events after the object went live (or inside their window)
    up to T, like the engine's entry; attribute conditions read current values. -#}
{% macro audience_sql(specs=none, only=none, detail=false) -%}
  {%- set objects = trig.trig_objects() if specs is none else trig.trig_preview_objects(specs) -%}
  {%- set ctes, selects, described = [], [], [] -%}
  {%- set t = trig.trig_t() -%}
  {%- set bases = {'organisation': trig.trig_catalog_base('organisation', objects=objects), 'person': trig.trig_catalog_base('person', objects=objects)} -%}
  {%- for obj in objects if obj.kind in ['job', 'stage', 'behaviour', 'cohort'] and (only is none or obj.name == only) -%}
    {%- set ctx = trig.trig_catalog_context(obj.name, obj.entity, objects=objects, prefix='o' ~ loop.index ~ '_', base=bases[obj.entity]) -%}
    {%- set tree = trig.trig_normalize_criteria(obj.cohort_criteria if obj.kind == 'cohort' else obj.entry, ctx, 'audience') -%}
    {%- set exclusions = trig.trig_normalize_criteria(obj.exclusions, ctx, 'exclusions') if obj.exclusions else none -%}
    {%- set rows = ref('trig', 'trig_organisation_attributes') if obj.entity == 'organisation' else ref('trig', 'trig_person_attributes') -%}
    {%- set key = obj.entity ~ '_id' -%}
    {%- for leaf in ctx.leaves -%}
      {%- do ctes.append(trig.trig_preview_leaf_cte(leaf, obj, t)) -%}
    {%- endfor -%}
    {%- set columns = trig.trig_columns_of(rows) -%}
    {%- set select -%}
select
    {{ trig.trig_string_literal(obj.name) }} as object_name,
    cast(a.{{ key }} as {{ dbt.type_string() }}) as entity_id,
    cast(a.organisation_id as {{ dbt.type_string() }}) as organisation_id,
    {% if 'arr' in columns %}cast(a.arr as {{ trig.trig_type_double() }}){% else %}cast(null as {{ trig.trig_type_double() }}){% endif %} as arr,
    {% if exclusions is not none %}({{ trig.trig_criteria_sql(exclusions, t) }}) is not null{% else %}1 = 0{% endif %} as is_excluded
    {%- if detail %}
    {%- for leaf in ctx.leaves %},
    coalesce({{ leaf.id }}.event_count, 0) as {{ leaf.id }}_events
    {%- endfor %},
    a.*
    {%- endif %}
from {{ rows }} as a
{%- for leaf in ctx.leaves %}
left join {{ leaf.id }}_counts as {{ leaf.id }} on {{ leaf.id }}.entity_id = cast(a.{{ key }} as {{ dbt.type_string() }})
{%- endfor %}
where ({{ trig.trig_criteria_sql(tree, t) }}) is not null
    {%- endset -%}
    {%- do selects.append(select) -%}
    {%- do described.append({'name': obj.name, 'kind': obj.kind, 'entity': obj.entity, 'status': obj.status,
        'attributes': trig.trig_preview_attribute_columns(tree) + trig.trig_preview_attribute_columns(exclusions),
        'leaves': ctx.leaves, 'actions': obj.actions.entered}) -%}
  {%- endfor -%}
/* trig-audience: {{ tojson({'objects': described}) | replace('*/', '* /') }} */
{%- if ctes %}
with {{ ctes | join(',\n') }}
{%- endif %}
{% if selects -%}
{{ selects | join('\nunion all\n') }}
{%- else -%}
select
    cast(null as {{ dbt.type_string() }}) as object_name, cast(null as {{ dbt.type_string() }}) as entity_id,
    cast(null as {{ dbt.type_string() }}) as organisation_id, cast(null as {{ trig.trig_type_double() }}) as arr,
    1 = 0 as is_excluded
where 1 = 0
{%- endif %}
{%- endmacro %}

{#- Objects from raw specs (another version of the project), validated like the working copy's. -#}
{% macro trig_preview_objects(specs) -%}
  {%- set objects = [] -%}
  {%- for name in specs.keys() | sort -%}
    {%- for obj in trig.trig_normalize_object(name, specs[name]) -%}{%- do objects.append(obj) -%}{%- endfor -%}
  {%- endfor -%}
  {{ return(objects) }}
{%- endmacro %}

{#- Events of one condition per entity: after the object went live (its first evaluation,
    or T for an object not evaluated yet) or inside the condition's window, up to T. -#}
{% macro trig_preview_leaf_cte(leaf, obj, t) -%}
  {%- set column = obj.entity ~ '_id' -%}
  {%- if leaf.within_s is not none -%}
    {%- set since = dbt.dateadd('second', -leaf.within_s, t) -%}
  {%- else -%}
    {%- set since = 'coalesce((select max(coalesce(live_from, first_evaluated_at)) from ' ~ ref('trig', 'int_trig__objects') ~ ' where object_name = ' ~ trig.trig_string_literal(obj.name) ~ '), ' ~ t ~ ')' -%}
  {%- endif -%}
{{ leaf.id }}_counts as (
    select cast({{ column }} as {{ dbt.type_string() }}) as entity_id, count(distinct event_id) as event_count,
        case when count(distinct event_id) >= {{ [leaf.n, 1] | max }} then max(occurred_at) end as reached_at
    from {{ ref('trig', 'stg_trig__events') }}
    where event_name = {{ trig.trig_string_literal(leaf.event) }}
        and occurred_at <= {{ t }} and occurred_at > {{ since }}
        {%- for prop, value in leaf.where.items() %}
        and {{ trig.trig_json_extract_string('properties', prop) }} = {{ trig.trig_string_literal(value | string | lower if (value is sameas true or value is sameas false) else value) }}
        {%- endfor %}
    group by {{ column }}
)
{%- endmacro %}
