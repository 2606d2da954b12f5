{#- What a criteria tree may refer to, for one object and entity: the attribute
    catalogue (input columns, roll-ups, write-backs, generated lifecycle attributes
    with the seeds' aliases), the cohorts and the object names. `base` (from
    trig_catalog_base) shares the read-only part between the objects of one compile:
    building it reads the warehouse and walks every object. -#}
{% macro trig_catalog_context(object_name, entity, base_only=false, prefix='', objects=none, base=none) -%}
  {%- set base = base if base is not none else trig.trig_catalog_base(entity, base_only, objects) -%}
  {{ return({'object': object_name, 'entity': entity, 'catalog': base.catalog, 'cohorts': base.cohorts,
             'object_names': base.object_names, 'leaves': [], 'refs': [], 'prefix': prefix,
             'cohort_stack': [], 'in_cohort': false}) }}
{%- endmacro %}

{#- The catalogue, cohorts and object names of one entity type (never modified by
    the criteria compiler). -#}
{% macro trig_catalog_base(entity, base_only=false, objects=none) -%}
  {%- set objects = objects if objects is not none else trig.trig_objects() -%}
  {%- if base_only -%}
    {%- set relation = trig.trig_model_relation('stg_trig__people' if entity == 'person' else 'stg_trig__organisations') -%}
  {%- else -%}
    {%- set relation = trig.trig_model_relation('int_trig__person_attributes' if entity == 'person' else 'int_trig__organisation_attributes') -%}
  {%- endif -%}
  {%- set catalog = {} -%}
  {%- for name, type in trig.trig_catalog_columns(relation).items() -%}
    {%- do catalog.update({name: {'column': name, 'type': type}}) -%}
  {%- endfor -%}
  {%- set walked = trig.trig_objects_walk(entity, base_only, objects) -%}
  {%- do catalog.update(walked.generated) -%}
  {{ return({'catalog': catalog, 'cohorts': walked.cohorts, 'object_names': walked.object_names}) }}
{%- endmacro %}

{#- The part of the catalogue that comes from the objects alone (cohorts, object names,
    generated attributes): walked once per invocation and list of objects, since every
    cohort view asks for it and the walk grows with the objects. -#}
{% macro trig_objects_walk(entity, base_only, objects) -%}
  {%- set key = 'objects_walk:' ~ entity ~ ':' ~ base_only -%}
  {%- set cached = trig.trig_invocation_cached(key, objects) -%}
  {%- if cached is not none -%}{{ return(cached.value) }}{%- endif -%}
  {%- set generated = {} -%}
  {%- set cohorts = {} -%}
  {%- set object_names = [] -%}
  {%- for obj in objects -%}
    {%- if obj.kind == 'cohort' -%}
      {%- do cohorts.update({obj.name: obj}) -%}
    {%- elif not base_only and (obj.entity == entity or obj.entity == 'organisation') -%}
      {%- do object_names.append(obj.name) -%}
      {%- do trig.trig_add_generated_attributes(generated, obj) -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(trig.trig_invocation_cache(key, {'generated': generated, 'cohorts': cohorts, 'object_names': object_names}, objects)) }}
{%- endmacro %}

{% macro trig_generated_fields() -%}
  {#- field -> (type, aliases) -#}
  {{ return({
    'currently_member_of': ('boolean', []),
    'last_entry_to': ('timestamp', ['last_entered']),
    'last_exit_from': ('timestamp', ['last_exited']),
    'last_completion_of': ('timestamp', ['last_completed'])
  }) }}
{%- endmacro %}

{% macro trig_add_generated_attributes(catalog, obj) -%}
  {%- for field, spec in trig.trig_generated_fields().items() -%}
    {%- set entry = {'column': field ~ '_' ~ obj.name, 'type': spec[0], 'object': obj.name, 'field': field, 'entity': obj.entity} -%}
    {%- do catalog.update({field ~ '_' ~ obj.name: entry}) -%}
    {%- for alias in spec[1] -%}{%- do catalog.update({alias ~ '_' ~ obj.name: entry}) -%}{%- endfor -%}
  {%- endfor -%}
{%- endmacro %}

{#- The column types of an attribute relation, read from the warehouse once per invocation
    and version: every cohort view and every engine model asks (a round trip each, and
    the relation has four columns per object). The version is what the view registry
    holds for the relation in this invocation (its fingerprint, or its recorded column
    list), so a relation rebuilt with other columns is read again; with nothing recorded
    yet (a first build, `dbt compile`) it is read every time, as before. -#}
{% macro trig_catalog_columns(relation) -%}
  {%- set loaded = trig.trig_invocation_cached('view_fingerprints') -%}
  {%- set recorded = loaded.value if loaded is not none else {} -%}
  {%- set version = recorded.get(relation | string) or recorded.get(trig.trig_columns_key(relation)) -%}
  {%- if version is none -%}{{ return(trig.trig_column_types(relation)) }}{%- endif -%}
  {%- set key = 'catalog_columns:' ~ relation -%}
  {%- set cached = trig.trig_invocation_cached(key, version) -%}
  {%- if cached is not none -%}{{ return(cached.value) }}{%- endif -%}
  {{ return(trig.trig_invocation_cache(key, trig.trig_column_types(relation), version)) }}
{%- endmacro %}
