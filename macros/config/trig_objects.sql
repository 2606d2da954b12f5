{#- All lifecycle objects declared in the project (models whose config.meta has a
    `trig` block), validated and normalised; stage objectives are listed as objects of
    kind `objective` right after their stage. Criteria stay raw here: they are checked
    against the attribute catalogue when the engine compiles them. -#}
{% macro trig_objects() -%}
  {#- nothing while parsing, nor inside dbt unit tests (compiled without the graph) -#}
  {%- if not execute or not graph.get('nodes') -%}{{ return([]) }}{%- endif -%}
  {#- the graph is one object for the whole invocation: normalise once, not once per
      model (every audience view asks; that was quadratic in the number of objects) -#}
  {%- if graph.get('trig_objects') is not none -%}{{ return(graph['trig_objects']) }}{%- endif -%}
  {%- set objects = [] -%}
  {%- for node in graph.nodes.values() | sort(attribute='name') -%}
    {%- if node.resource_type == 'model' -%}
      {%- set spec = (node.config.meta or {}).get('trig') or (node.meta or {}).get('trig') -%}
      {%- if spec -%}
        {%- for obj in trig.trig_normalize_object(node.name, spec) -%}
          {%- do objects.append(obj) -%}
        {%- endfor -%}
      {%- endif -%}
    {%- endif -%}
  {%- endfor -%}
  {%- do trig.trig_check_object_names(objects) -%}
  {%- do graph.update({'trig_objects': objects}) -%}
  {{ return(objects) }}
{%- endmacro %}

{% macro trig_object_kinds() -%}
  {{ return(['stage', 'behaviour', 'cohort', 'job']) }}
{%- endmacro %}

{% macro trig_allowed_keys(kind) -%}
  {%- set common = ['kind', 'entity', 'description', 'priority', 'live_from'] -%}
  {%- set per_kind = {
      'stage': ['entry', 'objectives', 'exit', 'completion', 're_entry', 'on_entry', 'on_completion', 'on_exit', 'signals'],
      'objective': ['name', 'entry', 'completion', 'on_entry', 'on_completion', 'on_exit', 'description', 'signals'],
      'behaviour': ['entry', 'completion', 'exit', 'on_entry', 'on_completion', 'on_exit'],
      'cohort': ['criteria'],
      'job': ['status', 'goal', 'audience', 'exclusions', 'duration', 're_entry', 'on_entry', 'follow_ups', 'on_completion', 'on_exit', 'holdout']
  } -%}
  {{ return(common + per_kind[kind]) }}
{%- endmacro %}

{% macro trig_check_keys(object_name, spec, kind) -%}
  {%- set allowed = trig.trig_allowed_keys(kind) -%}
  {%- for key in spec.keys() -%}
    {%- if key not in allowed -%}
      {{ trig.trig_config_error(object_name, key, "unknown key for a " ~ kind, key, allowed) }}
    {%- endif -%}
  {%- endfor -%}
{%- endmacro %}

{% macro trig_normalize_object(name, spec) -%}
  {%- if spec is not mapping -%}
    {{ trig.trig_config_error(name, 'trig', 'expected a mapping with at least `kind` and `entity`') }}
  {%- endif -%}
  {%- set kind = spec.get('kind') -%}
  {%- if kind not in trig.trig_object_kinds() -%}
    {{ trig.trig_config_error(name, 'kind', "unknown kind '" ~ kind ~ "'; use one of " ~ trig.trig_object_kinds() | join(', '), kind, trig.trig_object_kinds()) }}
  {%- endif -%}
  {%- do trig.trig_check_keys(name, spec, kind) -%}
  {%- set entity = spec.get('entity') -%}
  {%- if entity not in ['organisation', 'person'] -%}
    {{ trig.trig_config_error(name, 'entity', "unknown entity '" ~ entity ~ "'; use organisation or person", entity, ['organisation', 'person']) }}
  {%- endif -%}
  {%- set obj = {
      'name': trig.trig_object_name(name), 'kind': kind, 'entity': entity, 'parent': none,
      'priority': spec.get('priority', 100), 'live_from': trig.trig_live_from(name, spec),
      'status': 'live', 'duration_s': none, 'exit_criteria': none, 'exclusions': none,
      'entry': none, 'completion': none, 'cohort_criteria': none, 'follow_ups': [],
      're_entry': {'policy': 'never', 'cooldown_s': 0}, 'objectives': [],
      'actions': {'entered': [], 'completed': [], 'exited': []}, 'signals': none,
      'enter_on_completion': false
  } -%}
  {%- if kind == 'cohort' -%}
    {%- if spec.get('criteria') is none -%}{{ trig.trig_config_error(name, 'criteria', 'a cohort needs criteria') }}{%- endif -%}
    {%- do obj.update({'cohort_criteria': spec.get('criteria')}) -%}
    {{ return([obj]) }}
  {%- endif -%}
  {%- do obj.update({'actions': trig.trig_normalize_action_lists(name, spec)}) -%}
  {%- if kind == 'job' -%}
    {%- do trig.trig_normalize_job(name, spec, obj) -%}
  {%- elif kind == 'behaviour' -%}
    {%- do trig.trig_normalize_behaviour(name, spec, obj) -%}
  {%- else -%}
    {{ return(trig.trig_normalize_stage(name, spec, obj)) }}
  {%- endif -%}
  {{ return([obj]) }}
{%- endmacro %}

{#- Generated attribute names are prefix + object name and must fit PostgreSQL's
    63-character identifier limit (the longest prefix is 20 characters). -#}
{% macro trig_object_name(name) -%}
  {%- do trig.trig_identifier(name, "object name") -%}
  {%- if name | length > 43 -%}
    {{ trig.trig_config_error(name, 'name', 'object names are limited to 43 characters so generated attribute names fit every warehouse') }}
  {%- endif -%}
  {{ return(name) }}
{%- endmacro %}

{% macro trig_live_from(name, spec) -%}
  {%- set value = spec.get('live_from') -%}
  {%- if value is none -%}{{ return(none) }}{%- endif -%}
  {{ return(trig.trig_parse_timestamp(value | string, name, 'live_from')) }}
{%- endmacro %}

{% macro trig_normalize_job(name, spec, obj) -%}
  {%- if spec.get('goal') is none -%}{{ trig.trig_config_error(name, 'goal', 'a job needs a goal (completion criteria)') }}{%- endif -%}
  {%- if spec.get('audience') is none -%}{{ trig.trig_config_error(name, 'audience', 'a job needs an audience (entry criteria)') }}{%- endif -%}
  {%- set status = spec.get('status', 'live') -%}
  {%- if status not in ['live', 'paused', 'shadow'] -%}
    {{ trig.trig_config_error(name, 'status', "unknown status '" ~ status ~ "'; use live, paused or shadow", status, ['live', 'paused', 'shadow']) }}
  {%- endif -%}
  {%- do obj.update({
      'status': status, 'entry': spec.get('audience'), 'completion': spec.get('goal'),
      'exclusions': spec.get('exclusions'),
      'duration_s': trig.trig_parse_duration(spec.get('duration'), name, 'duration') if spec.get('duration') is not none else none,
      're_entry': trig.trig_normalize_re_entry(name, spec.get('re_entry', 'never')),
      'follow_ups': trig.trig_normalize_follow_ups(name, spec.get('follow_ups') or []),
      'holdout_buckets': trig.trig_parse_holdout(spec.get('holdout'), name, 'holdout')
  }) -%}
{%- endmacro %}

{#- A behaviour without entry criteria is entered at the moment it is completed:
    "first time X" has no meaningful waiting room. -#}
{% macro trig_normalize_behaviour(name, spec, obj) -%}
  {%- if spec.get('completion') is none -%}{{ trig.trig_config_error(name, 'completion', 'a behaviour needs completion criteria') }}{%- endif -%}
  {%- do obj.update({
      'entry': spec.get('entry'), 'completion': spec.get('completion'),
      'exit_criteria': spec.get('exit'), 'enter_on_completion': spec.get('entry') is none
  }) -%}
{%- endmacro %}

{% macro trig_normalize_stage(name, spec, obj) -%}
  {%- if spec.get('entry') is none -%}{{ trig.trig_config_error(name, 'entry', 'a stage needs entry criteria') }}{%- endif -%}
  {%- set objectives = spec.get('objectives') or [] -%}
  {%- if objectives is string or objectives is mapping or objectives | length < 4 or objectives | length > 7 -%}
    {{ trig.trig_config_error(name, 'objectives', 'a stage needs a list of 4 to 7 objectives (got ' ~ (objectives | length) ~ ')') }}
  {%- endif -%}
  {%- set exit_spec = spec.get('exit') or {} -%}
  {%- if exit_spec is not mapping -%}{{ trig.trig_config_error(name, 'exit', "expected a mapping with `after` (a duration) and/or `criteria`") }}{%- endif -%}
  {%- for key in exit_spec.keys() -%}
    {%- if key not in ['after', 'criteria'] -%}{{ trig.trig_config_error(name, 'exit.' ~ key, 'unknown key', key, ['after', 'criteria']) }}{%- endif -%}
  {%- endfor -%}
  {%- do obj.update({
      'entry': spec.get('entry'), 'completion': spec.get('completion'),
      'exit_criteria': exit_spec.get('criteria'),
      'duration_s': trig.trig_parse_duration(exit_spec.get('after'), name, 'exit.after') if exit_spec.get('after') is not none else none,
      're_entry': trig.trig_normalize_re_entry(name, spec.get('re_entry', 'never')),
      'signals': trig.trig_normalize_signals(name, spec.get('signals'), 'stage')
  }) -%}
  {%- set result = [obj] -%}
  {%- for objective in objectives -%}
    {%- set key = 'objectives[' ~ loop.index0 ~ ']' -%}
    {%- if objective is not mapping or objective.get('name') is none -%}{{ trig.trig_config_error(name, key, 'each objective needs a `name` and `completion` criteria') }}{%- endif -%}
    {%- do trig.trig_check_keys(name ~ '.' ~ objective.get('name'), objective, 'objective') -%}
    {%- if objective.get('completion') is none -%}{{ trig.trig_config_error(name, key ~ '.completion', 'an objective needs completion criteria') }}{%- endif -%}
    {%- set child = {
        'name': trig.trig_object_name(objective.get('name')), 'kind': 'objective', 'entity': obj.entity,
        'parent': name, 'priority': obj.priority, 'live_from': obj.live_from, 'status': 'live',
        'duration_s': none, 'exit_criteria': none, 'exclusions': none,
        'entry': objective.get('entry'), 'completion': objective.get('completion'),
        'cohort_criteria': none, 'follow_ups': [], 're_entry': obj.re_entry, 'objectives': [],
        'actions': trig.trig_normalize_action_lists(objective.get('name'), objective),
        'signals': trig.trig_normalize_signals(name ~ '.' ~ objective.get('name'), objective.get('signals'), 'objective', obj.signals),
        'enter_on_completion': false
    } -%}
    {%- do obj.objectives.append(child.name) -%}
    {%- do result.append(child) -%}
  {%- endfor -%}
  {{ return(result) }}
{%- endmacro %}

{% macro trig_normalize_re_entry(name, value) -%}
  {%- if value in ['never', 'always'] -%}{{ return({'policy': value, 'cooldown_s': 0}) }}{%- endif -%}
  {%- if value is mapping and value.keys() | list == ['after'] -%}
    {{ return({'policy': 'after', 'cooldown_s': trig.trig_parse_duration(value['after'], name, 're_entry.after')}) }}
  {%- endif -%}
  {{ trig.trig_config_error(name, 're_entry', "expected never, always or {after: '<duration>'}") }}
{%- endmacro %}

{% macro trig_check_object_names(objects) -%}
  {%- set seen = [] -%}
  {%- for obj in objects -%}
    {%- if obj.name in seen -%}
      {{ trig.trig_config_error(obj.name, 'name', 'two lifecycle objects share this name (objectives share the namespace of models)') }}
    {%- endif -%}
    {%- do seen.append(obj.name) -%}
  {%- endfor -%}
{%- endmacro %}

{% macro trig_parse_timestamp(value, object_name, key) -%}
  {%- set m = modules.re.match('^(\\d{4}-\\d{2}-\\d{2})([ T](\\d{2}:\\d{2}(:\\d{2})?))?Z?$', value | string) -%}
  {%- if m is none -%}
    {{ trig.trig_config_error(object_name, key, "'" ~ value ~ "' is not a date or timestamp; write 2025-01-31 or 2025-01-31 14:00:00") }}
  {%- endif -%}
  {%- set time = m.group(3) or '00:00:00' -%}
  {%- if time | length == 5 -%}{%- set time = time ~ ':00' -%}{%- endif -%}
  {{ return(m.group(1) ~ ' ' ~ time) }}
{%- endmacro %}
