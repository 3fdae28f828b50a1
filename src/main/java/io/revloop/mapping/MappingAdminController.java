package io.revloop.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Lists, dry-runs and reloads the mapping files. Lives under /admin, which is protected as a whole. */
@RestController
@RequestMapping("/admin/mappings")
public class MappingAdminController {

    private final MappingRegistry mappings;
    private final ObjectProvider<CallPlanner> planners;

    public MappingAdminController(MappingRegistry mappings, ObjectProvider<CallPlanner> planners) {
        this.mappings = mappings;
        this.planners = planners;
    }

    @GetMapping
    public List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Mapping m : mappings.all()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", m.name());
            entry.put("file", m.file());
            entry.put("source", m.source());
            entry.put("target", m.target());
            entry.put("sourceFields", m.sourceFields());
            out.add(entry);
        }
        return out;
    }

    /** Maps the posted source record without writing anything anywhere. */
    @PostMapping("/{name}/dry-run")
    public ResponseEntity<Map<String, Object>> dryRun(@PathVariable String name,
                                                      @RequestBody Map<String, Object> source) {
        Mapping mapping;
        try {
            mapping = mappings.get(name);
        } catch (IllegalArgumentException e) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", e.getMessage()));
        }
        MappingResult result;
        try {
            result = mapping.apply(source);
        } catch (MappingException e) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", e.getMessage());
            body.put("recordId", e.recordId());
            body.put("field", e.field());
            return ResponseEntity.unprocessableEntity().body(body);
        }
        List<String> warnings = new ArrayList<>(result.warnings());
        List<CallPlanner.PlannedCall> calls = new ArrayList<>();
        planners.orderedStream().filter(p -> p.supports(name)).forEach(p -> calls.addAll(p.plan(name, source, result)));
        if (planners.orderedStream().noneMatch(p -> p.supports(name))) {
            warnings.add("no flow has registered the calls it makes with this mapping; calls is empty");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mapping", mapping.file());
        body.put("result", result.document());
        body.put("ownership", result.ownership());
        body.put("calls", calls);
        body.put("warnings", warnings);
        return ResponseEntity.ok(body);
    }

    /** Re-reads the mapping files; a broken edit is rejected and the loaded set stays in use. */
    @PostMapping("/reload")
    public ResponseEntity<Map<String, Object>> reload() {
        try {
            mappings.reload();
        } catch (MappingValidationException e) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("reloaded", false);
            body.put("errors", e.errors().stream().map(MappingError::toString).toList());
            return ResponseEntity.unprocessableEntity().body(body);
        }
        return ResponseEntity.ok(Map.of("reloaded", true, "mappings",
                mappings.all().stream().map(Mapping::name).toList(), "warnings", mappings.warnings()));
    }
}
